import { Alert, Anchor, Button, Center, Loader, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useLocation, useSearchParams } from "react-router";
import { useSession } from "@/shared/auth";
import { useFormMutation } from "@/shared/graphql/useFormMutation";
import { safeNext } from "@/shared/routing";
import { AuthCard } from "../components/AuthCard";
import { useCompleteSignIn, useServerInfo } from "../hooks";
import { loginDocument } from "../operations";

export default function SignInPage() {
  const { t } = useTranslation("accounts");
  const { signedIn, ended } = useSession();
  const { search } = useLocation();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const { serverInfo } = useServerInfo();
  const login = useFormMutation(loginDocument);
  const complete = useCompleteSignIn();
  const form = useForm({ initialValues: { email: "", password: "" } });

  if (signedIn) return <Navigate to={next} replace />;
  if (serverInfo?.firstRun) return <Navigate to={`/welcome${search}`} replace />;
  if (!serverInfo) {
    return (
      <Center mih="100vh">
        <Loader aria-label={t("common:status.loading")} />
      </Center>
    );
  }

  const onSubmit = form.onSubmit(async (values) => {
    const { ok, data } = await login.submit({
      input: { email: values.email.trim(), password: values.password },
    });
    if (ok && data?.login.token) await complete(data.login, next);
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
            withAsterisk={false}
            autoFocus
            {...form.getInputProps("email")}
            error={login.fieldErrors.email}
          />
          <PasswordInput
            label={t("fields.password")}
            autoComplete="current-password"
            required
            withAsterisk={false}
            {...form.getInputProps("password")}
            error={login.fieldErrors.password}
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
      {serverInfo.registrationOpen && (
        <Text size="sm" ta="center">
          {t("signIn.noAccount")}{" "}
          <Anchor component={Link} to={`/register${search}`}>
            {t("signIn.register")}
          </Anchor>
        </Text>
      )}
    </AuthCard>
  );
}
