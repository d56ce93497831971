import { Grid, Paper, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * A generator's page body: its form on the left and, beside it, its result in a section that stays in view
 * while the form scrolls (the columns stretch to the taller one for that), showing `emptyIcon` and `emptyText`
 * until there is a result.
 */
export function GeneratorLayout({
  form,
  result,
  resultLabel,
  emptyIcon,
  emptyText,
}: {
  form: ReactNode;
  result?: ReactNode;
  resultLabel: string;
  emptyIcon: ReactNode;
  emptyText: string;
}) {
  return (
    <Grid gutter="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>{form}</Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
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
