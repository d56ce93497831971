import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import { MantineProvider, createTheme } from "@mantine/core";
import { ModalsProvider } from "@mantine/modals";
import { Notifications } from "@mantine/notifications";
import { useState } from "react";
import { RouterProvider } from "react-router";
import { SessionProvider } from "@/shared/auth";
import { createRouter } from "./router";

const theme = createTheme({
  primaryColor: "blue",
  focusRing: "auto",
  defaultRadius: "md",
});

export function App() {
  const [router] = useState(createRouter);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <SessionProvider>
        <ModalsProvider>
          <Notifications position="bottom-right" />
          <RouterProvider router={router} />
        </ModalsProvider>
      </SessionProvider>
    </MantineProvider>
  );
}
