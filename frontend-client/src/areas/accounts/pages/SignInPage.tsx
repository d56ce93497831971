import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { useSession } from "@/shared/auth";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { setLanguage } from "@/shared/i18n";
import { safeNext } from "@/shared/routing";
import { AuthCard } from "../components/AuthCard";
import { loginDocument } from "../operations";

export default function SignInPage() {
  const { t } = useTranslation("accounts");
  const { signedIn, ended, start } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get("next"));
  const login = useFormMutation(loginDocument);
  const form = useForm({ initialValues: { email: "", password: "" } });

  if (signedIn) return <Navigate to={next} replace />;

  const onSubmit = form.onSubmit(async (values) => {
    const { ok, data } = await login.submit({
      input: { email: values.email.trim(), password: values.password },
    });
    const payload = data?.login;
    if (!ok || !payload?.token) return;
    if (payload.user) await setLanguage(payload.user.language);
    start(payload.token, payload.expiresAt);
    navigate(next, { replace: true });
  });

  return (
    <AuthCard title={t("signIn.title")}>
      {ended === "expired" && params.get("next") && (
        <Alert color="yellow" role="status">
          {t("common:status.sessionExpired")}
        </Alert>
      )}
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t("fields.email")}
            type="email"
            autoComplete="username"
            required
            data-autofocus
            autoFocus
            error={login.fieldErrors.email}
            {...form.getInputProps("email")}
          />
          <PasswordInput
            label={t("fields.password")}
            autoComplete="current-password"
            required
            error={login.fieldErrors.password}
            {...form.getInputProps("password")}
          />
          {login.formError && (
            <Alert color="red" role="alert">
              {login.formError}
            </Alert>
          )}
          <Button type="submit" loading={login.fetching} fullWidth mt="xs">
            {t("signIn.submit")}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
