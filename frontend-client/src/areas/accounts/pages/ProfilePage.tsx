import {
  Alert,
  Button,
  Group,
  Loader,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";
import { ImageSpendSection, OpenAICostsSection } from "@/areas/costs/public";
import { useChangeLanguage, useSession, useViewer, type Viewer } from "@/shared/auth";
import { formatDateTime } from "@/shared/format";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { PageSection } from "@/shared/layout/PageSection";
import { currentLanguage, type Lang } from "@/shared/i18n";
import { passwordChangeDocument, viewerUpdateDocument } from "../operations";

const PAGE_SIZE_MIN = 5;
const PAGE_SIZE_MAX = 100;

function saved(message: string) {
  notifications.show({ color: "green", message });
}

function NamesForm({ viewer }: { viewer: Viewer }) {
  const { t } = useTranslation("accounts");
  const update = useFormMutation(viewerUpdateDocument);
  const form = useForm({
    initialValues: {
      firstName: viewer.firstName ?? "",
      lastName: viewer.lastName ?? "",
      artistName: viewer.artistName ?? "",
    },
  });
  const onSubmit = form.onSubmit(async (values) => {
    const { ok } = await update.submit({
      input: {
        firstName: values.firstName.trim(),
        lastName: values.lastName.trim(),
        artistName: values.artistName.trim(),
      },
    });
    if (ok) {
      form.resetDirty();
      saved(t("profile.saved"));
    }
  });
  return (
    <PageSection title={t("profile.names")}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <TextInput label={t("fields.email")} value={viewer.email} readOnly variant="filled" />
          <Group grow gap="sm" align="flex-start">
            <TextInput
              label={t("fields.firstName")}
              autoComplete="given-name"
              {...form.getInputProps("firstName")}
              error={update.fieldErrors.firstName}
            />
            <TextInput
              label={t("fields.lastName")}
              autoComplete="family-name"
              {...form.getInputProps("lastName")}
              error={update.fieldErrors.lastName}
            />
          </Group>
          <TextInput
            label={t("fields.artistName")}
            description={t("fields.artistNameHint")}
            {...form.getInputProps("artistName")}
            error={update.fieldErrors.artistName}
          />
          {update.formError && (
            <Alert color="red" role="alert">
              {update.formError}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={update.fetching}>
              {t("common:actions.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </PageSection>
  );
}

function SettingsForm({ viewer }: { viewer: Viewer }) {
  const { t, i18n } = useTranslation("accounts");
  const changeLanguage = useChangeLanguage();
  const update = useFormMutation(viewerUpdateDocument);
  const form = useForm<{ pageSize: number | string }>({ initialValues: { pageSize: viewer.pageSize } });
  void i18n.language; // re-render when the language changes
  const onSubmit = form.onSubmit(async (values) => {
    const { ok } = await update.submit({ input: { pageSize: Number(values.pageSize) } });
    if (ok) {
      form.resetDirty();
      saved(t("profile.saved"));
    }
  });
  return (
    <PageSection title={t("profile.settings")}>
      <Stack gap={4}>
        <Text size="sm" fw={500} id="language-label">
          {t("fields.language")}
        </Text>
        <SegmentedControl
          aria-labelledby="language-label"
          w={260}
          value={currentLanguage()}
          onChange={(value) => void changeLanguage(value as Lang)}
          data={[
            { value: "en", label: t("common:language.en") },
            { value: "de", label: t("common:language.de") },
          ]}
        />
        <Text size="xs" c="dimmed">
          {t("fields.languageHint")}
        </Text>
      </Stack>
      <form onSubmit={onSubmit} noValidate>
        <Stack align="flex-start" gap="sm">
          <NumberInput
            label={t("fields.pageSize")}
            description={t("fields.pageSizeHint", { min: PAGE_SIZE_MIN, max: PAGE_SIZE_MAX })}
            min={PAGE_SIZE_MIN}
            max={PAGE_SIZE_MAX}
            step={5}
            allowDecimal={false}
            w={260}
            {...form.getInputProps("pageSize")}
            error={update.fieldErrors.pageSize}
          />
          <Button type="submit" loading={update.fetching}>
            {t("common:actions.save")}
          </Button>
        </Stack>
        {update.formError && (
          <Alert color="red" role="alert" mt="sm">
            {update.formError}
          </Alert>
        )}
      </form>
    </PageSection>
  );
}

function PasswordForm() {
  const { t } = useTranslation("accounts");
  const { start } = useSession();
  const change = useFormMutation(passwordChangeDocument);
  const form = useForm({
    initialValues: { currentPassword: "", newPassword: "", newPasswordRepeat: "" },
    validate: {
      newPasswordRepeat: (value, values) =>
        value !== values.newPassword ? t("fields.passwordMismatch") : null,
    },
  });
  const onSubmit = form.onSubmit(async (values) => {
    const { ok, data } = await change.submit({
      input: { currentPassword: values.currentPassword, newPassword: values.newPassword },
    });
    const auth = data?.passwordChange;
    if (ok && auth?.token) {
      start(auth.token, auth.expiresAt); // the old token no longer works
      form.reset();
      saved(t("password.changed"));
    }
  });
  const error = (field: string) => change.fieldErrors[field] ?? form.errors[field];
  return (
    <PageSection title={t("password.title")} description={t("password.intro")}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm" maw={420}>
          <input type="text" autoComplete="username" hidden readOnly value="" />
          <PasswordInput
            label={t("password.current")}
            autoComplete="current-password"
            required
            withAsterisk={false}
            {...form.getInputProps("currentPassword")}
            error={error("currentPassword")}
          />
          <PasswordInput
            label={t("password.new")}
            description={t("fields.passwordHint")}
            autoComplete="new-password"
            required
            withAsterisk={false}
            {...form.getInputProps("newPassword")}
            error={error("newPassword")}
          />
          <PasswordInput
            label={t("password.repeat")}
            autoComplete="new-password"
            required
            withAsterisk={false}
            {...form.getInputProps("newPasswordRepeat")}
            error={error("newPasswordRepeat")}
          />
          {change.formError && (
            <Alert color="red" role="alert">
              {change.formError}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={change.fetching}>
              {t("password.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </PageSection>
  );
}

export default function ProfilePage() {
  const { t } = useTranslation("accounts");
  const { viewer } = useViewer();
  if (!viewer) return <Loader aria-label={t("common:status.loading")} />;
  return (
    <Stack gap="lg" maw={760}>
      <div>
        <Title order={1}>{t("profile.title")}</Title>
        <Text size="sm" c="dimmed">
          {viewer.isAdmin ? t("profile.admin") : null}
          {viewer.isAdmin ? " · " : null}
          {t("profile.memberSince", { date: formatDateTime(viewer.createdAt) })}
        </Text>
      </div>
      <NamesForm key={`names-${viewer.id}`} viewer={viewer} />
      <SettingsForm key={`settings-${viewer.id}`} viewer={viewer} />
      <PasswordForm />
      <ImageSpendSection />
      {viewer.isAdmin && <OpenAICostsSection />}
    </Stack>
  );
}
