// What other areas use of the costs area: the profile page's sections (the viewer's own image spend; for admins the
// organisation's OpenAI costs).
export { ImageSpendSection } from "./components/ImageSpendSection";
export { OpenAICostsSection } from "./components/OpenAICostsSection";
