import { AspectRatio, Card, Center, SimpleGrid, Stack, Text, UnstyledButton } from "@mantine/core";
import { IconPhoto } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { ImageListQuery, ImageListQueryVariables } from "@/gql/graphql";
import { ListStatus, LoadMore, SearchInput, useConnection, useSearchParam } from "@/shared/lists";
import { imageListDocument } from "../operations";
import { NEW_PATH } from "../paths";

type ImageNode = ImageListQuery["images"]["nodes"][number];

/** The gallery's images to choose one from (the search in `?q=`); only drawn ones can take text. */
export function ImagePicker({ onPick }: { onPick(id: string): void }) {
  const { t } = useTranslation("images");
  const { q, search, setSearch } = useSearchParam();
  const list = useConnection<ImageListQuery, ImageListQueryVariables, ImageNode>({
    query: imageListDocument,
    variables: { filter: { search: q || null } },
    connection: (data) => data.images,
  });
  return (
    <Stack gap="md" component="section" aria-label={t("overlay.pick.title")}>
      <Text size="sm" c="dimmed">
        {t("overlay.pick.intro")}
      </Text>
      <SearchInput value={search} onChange={setSearch} ns="images" />
      <ListStatus
        error={list.error}
        loaded={list.loaded}
        empty={list.nodes.length === 0}
        filtered={!!q}
        icon={<IconPhoto size={32} stroke={1.4} />}
        ns="images"
        newPath={NEW_PATH}
      />
      {list.nodes.length > 0 && (
        <SimpleGrid cols={{ base: 2, sm: 4, lg: 6 }} spacing="sm">
          {list.nodes.map((image) => {
            const name = image.title || t("untitled");
            const ready = image.status === "SUCCEEDED" && !!image.thumbnailUrl;
            return (
              <Card key={image.id} withBorder padding={0} radius="md" data-testid="overlay-pick">
                <UnstyledButton
                  onClick={() => onPick(image.id)}
                  disabled={!ready}
                  aria-label={t("overlay.pick.choose", { title: name })}
                  title={ready ? undefined : t("overlay.pick.notReady")}
                  style={{ cursor: ready ? "pointer" : "not-allowed" }}
                >
                  <AspectRatio ratio={1}>
                    {ready ? (
                      <img
                        src={image.thumbnailUrl ?? ""}
                        alt=""
                        loading="lazy"
                        style={{ objectFit: "contain", background: "var(--mantine-color-default-hover)" }}
                      />
                    ) : (
                      <Center bg="var(--mantine-color-default-hover)" c="dimmed">
                        <IconPhoto size={28} stroke={1.3} />
                      </Center>
                    )}
                  </AspectRatio>
                  <Text size="xs" p={6} truncate c={ready ? undefined : "dimmed"}>
                    {name}
                  </Text>
                </UnstyledButton>
              </Card>
            );
          })}
        </SimpleGrid>
      )}
      {list.nodes.length > 0 && <LoadMore list={list} />}
    </Stack>
  );
}
