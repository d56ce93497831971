import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type DragEndEvent,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import {
  SortableContext,
  arrayMove,
  sortableKeyboardCoordinates,
  useSortable,
  type SortingStrategy,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import type { CSSProperties, ReactNode } from "react";
import { useTranslation } from "react-i18next";

/**
 * A list reordered by drag and drop (dnd-kit): with the pointer on an item's handle, or from the keyboard (Space
 * on the handle picks the item up, the arrow keys move it, Space drops it, Escape puts it back), announced to
 * screen readers in the page's language. `onMove` gets the ids in their new order.
 */
export function SortableList({
  ids,
  nameOf,
  strategy,
  onMove,
  children,
}: {
  ids: string[];
  nameOf(id: UniqueIdentifier): string;
  strategy: SortingStrategy;
  onMove(ids: string[], moved: string): void;
  children: ReactNode;
}) {
  const { t } = useTranslation("songwriting");
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const position = (id: UniqueIdentifier) => ids.indexOf(String(id)) + 1;
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = ids.indexOf(String(active.id));
    const to = ids.indexOf(String(over.id));
    if (from < 0 || to < 0) return;
    onMove(arrayMove(ids, from, to), String(active.id));
  };
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{
        screenReaderInstructions: { draggable: t("dnd.instructions") },
        announcements: {
          onDragStart: ({ active }) => t("dnd.picked", { name: nameOf(active.id), n: position(active.id) }),
          onDragOver: ({ active, over }) =>
            over ? t("dnd.over", { name: nameOf(active.id), n: position(over.id) }) : undefined,
          onDragEnd: ({ active, over }) =>
            over ? t("dnd.dropped", { name: nameOf(active.id), n: position(over.id) }) : undefined,
          onDragCancel: ({ active }) => t("dnd.cancelled", { name: nameOf(active.id) }),
        },
      }}
    >
      <SortableContext items={ids} strategy={strategy}>
        {children}
      </SortableContext>
    </DndContext>
  );
}

/**
 * An item's drag state: `setNodeRef` and `style` go on the item, `setActivatorNodeRef`, `attributes` and
 * `listeners` on its handle.
 */
export function useSortableItem(id: string, disabled = false) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id, disabled });
  const style: CSSProperties = {
    transform: CSS.Translate.toString(transform),
    transition,
    opacity: isDragging ? 0.55 : undefined,
    position: "relative",
    zIndex: isDragging ? 2 : undefined,
  };
  return { setNodeRef, setActivatorNodeRef, attributes, listeners, style, isDragging };
}
