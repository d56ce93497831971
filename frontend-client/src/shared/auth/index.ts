export { SessionProvider, useSession, type SessionApi } from "./session";
export { sessionStore, isExpired, type Session } from "./sessionStore";
export { useViewer, ViewerDocument, type Viewer } from "./viewer";
export { useChangeLanguage } from "./language";
export { ViewerSync } from "./ViewerSync";
