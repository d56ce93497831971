import { IconMessages } from "@tabler/icons-react";
import type { AreaModule } from "../types";
import de from "./i18n/de.json";
import en from "./i18n/en.json";

const chat: AreaModule = {
  name: "chat",
  routes: [
    {
      path: "/chat",
      lazy: () => import("./pages/ChatPage").then((m) => ({ Component: m.ChatIndex })),
    },
    {
      // One page for both providers: /chat/ollama, /chat/openai/<conversation id>.
      path: "/chat/:provider/:conversationId?",
      lazy: () => import("./pages/ChatPage").then((m) => ({ Component: m.default })),
    },
  ],
  nav: [
    {
      path: "/chat",
      labelKey: "nav.chat",
      descriptionKey: "nav.chatHint",
      icon: IconMessages,
      order: 10,
    },
  ],
  i18n: { en, de },
};

export default chat;
