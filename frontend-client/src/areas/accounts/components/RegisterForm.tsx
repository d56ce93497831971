import { Alert, Button, Group, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { useCompleteSignIn } from "../hooks";
import { loginDocument, registerDocument } from "../operations";

/** Email, password (twice) and names; registers, signs in and goes to `next`. */
export function RegisterForm({ next, submitLabel }: { next: string; submitLabel: string }) {
  const { t } = useTranslation("accounts");
  const register = useFormMutation(registerDocument);
  const login = useFormMutation(loginDocument);
  const complete = useCompleteSignIn();
  const form = useForm({
    initialValues: {
      email: "",
      password: "",
      passwordRepeat: "",
      firstName: "",
      lastName: "",
      artistName: "",
    },
    validate: {
      passwordRepeat: (value, values) => (value !== values.password ? t("fields.passwordMismatch") : null),
    },
  });

  const onSubmit = form.onSubmit(async (values) => {
    const email = values.email.trim();
    const optional = (v: string) => v.trim() || null;
    const created = await register.submit({
      input: {
        email,
        password: values.password,
        firstName: optional(values.firstName),
        lastName: optional(values.lastName),
        artistName: optional(values.artistName),
      },
    });
    if (!created.ok) return;
    const signedIn = await login.submit({ input: { email, password: values.password } });
    if (signedIn.ok && signedIn.data?.login.token)
      await complete(signedIn.data.login, next, { keepLanguage: true });
  });

  const error = (field: string) => register.fieldErrors[field] ?? form.errors[field];

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t("fields.email")}
          type="email"
          autoComplete="username"
          required
          withAsterisk={false}
          autoFocus
          {...form.getInputProps("email")}
          error={error("email")}
        />
        <PasswordInput
          label={t("fields.password")}
          description={t("fields.passwordHint")}
          autoComplete="new-password"
          required
          withAsterisk={false}
          {...form.getInputProps("password")}
          error={error("password")}
        />
        <PasswordInput
          label={t("fields.passwordRepeat")}
          autoComplete="new-password"
          required
          withAsterisk={false}
          {...form.getInputProps("passwordRepeat")}
          error={error("passwordRepeat")}
        />
        <Group grow gap="sm">
          <TextInput
            label={t("fields.firstName")}
            autoComplete="given-name"
            {...form.getInputProps("firstName")}
            error={error("firstName")}
          />
          <TextInput
            label={t("fields.lastName")}
            autoComplete="family-name"
            {...form.getInputProps("lastName")}
            error={error("lastName")}
          />
        </Group>
        <TextInput
          label={t("fields.artistName")}
          description={t("fields.artistNameHint")}
          {...form.getInputProps("artistName")}
          error={error("artistName")}
        />
        {(register.formError || login.formError) && (
          <Alert color="red" role="alert">
            {register.formError ?? login.formError}
          </Alert>
        )}
        <Button type="submit" loading={register.fetching || login.fetching} fullWidth mt="xs">
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
