import { Center, Loader } from "@mantine/core";
import { createBrowserRouter, Outlet, type RouteObject } from "react-router";
import { ViewerSync } from "@/shared/auth";
import { AppLayout } from "@/shared/layout/AppLayout";
import { RequireSession } from "@/shared/routing";
import { areas, navEntries } from "./areas";
import HomePage from "./HomePage";
import NotFoundPage from "./NotFoundPage";

function PageLoader() {
  return (
    <Center h="60vh">
      <Loader aria-label="…" />
    </Center>
  );
}

function Root() {
  return (
    <>
      <ViewerSync />
      <Outlet />
    </>
  );
}

/** The routes: every area's public pages, then its signed-in pages inside the layout. */
export function buildRoutes(): RouteObject[] {
  return [
    {
      element: <Root />,
      hydrateFallbackElement: <PageLoader />,
      children: [
        ...areas.flatMap((area) => area.publicRoutes ?? []),
        {
          element: (
            <RequireSession>
              <AppLayout nav={navEntries} />
            </RequireSession>
          ),
          children: [
            { index: true, element: <HomePage /> },
            ...areas.flatMap((area) => area.routes),
            { path: "*", element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ];
}

export function createRouter() {
  return createBrowserRouter(buildRoutes());
}
