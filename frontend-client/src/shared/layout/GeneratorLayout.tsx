import { Grid, Paper, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * A generator's page body: its form on the left and, beside it, its result in a section that stays in view
 * while the form scrolls (the columns stretch to the taller one for that), showing `emptyIcon` and `emptyText`
 * until there is a result. `wideResult` gives the result the wider column (an editor whose result is the thing being
 * shaped, such as a picture).
 */
export function GeneratorLayout({
  form,
  result,
  resultLabel,
  emptyIcon,
  emptyText,
  wideResult = false,
}: {
  form: ReactNode;
  result?: ReactNode;
  resultLabel: string;
  emptyIcon: ReactNode;
  emptyText: string;
  wideResult?: boolean;
}) {
  return (
    <Grid gutter="lg">
      <Grid.Col span={{ base: 12, md: wideResult ? 5 : 7 }}>{form}</Grid.Col>
      <Grid.Col span={{ base: 12, md: wideResult ? 7 : 5 }}>
        <Paper
          withBorder
          radius="md"
          p="md"
          component="section"
          aria-label={resultLabel}
          pos="sticky"
          top={72}
        >
          {result || (
            <Stack align="center" gap="xs" py="xl" c="dimmed">
              {emptyIcon}
              <Text size="sm" ta="center" maw={320}>
                {emptyText}
              </Text>
            </Stack>
          )}
        </Paper>
      </Grid.Col>
    </Grid>
  );
}
