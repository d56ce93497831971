export {
  useStreamedGeneration,
  useTemplateGeneration,
  type GenerationPhase,
  type GenerationRequest,
  type GenerationStart,
  type GenerationStarter,
  type GenerationState,
  type StreamedGeneration,
  type TemplateGeneration,
} from "./useTemplateGeneration";
export { GenerationProgress } from "./GenerationProgress";
export { AiTitleField } from "./AiTitleField";
