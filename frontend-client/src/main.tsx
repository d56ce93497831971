import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { areas } from "./app/areas";
import { initI18n } from "./shared/i18n";

initI18n(Object.fromEntries(areas.map((area) => [area.name, area.i18n])));

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
