export {
  useTemplateGeneration,
  type GenerationPhase,
  type GenerationRequest,
  type GenerationState,
  type TemplateGeneration,
} from "./useTemplateGeneration";
export { GenerationProgress } from "./GenerationProgress";
