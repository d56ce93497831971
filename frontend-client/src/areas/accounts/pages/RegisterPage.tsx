import { Alert, Anchor, Center, Loader, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useLocation, useSearchParams } from "react-router";
import { useSession } from "@/shared/auth";
import { safeNext } from "@/shared/routing";
import { AuthCard } from "../components/AuthCard";
import { RegisterForm } from "../components/RegisterForm";
import { useServerInfo } from "../hooks";

export default function RegisterPage() {
  const { t } = useTranslation("accounts");
  const { signedIn } = useSession();
  const { search } = useLocation();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const { serverInfo } = useServerInfo();

  if (signedIn) return <Navigate to={next} replace />;
  if (!serverInfo) {
    return (
      <Center mih="100vh">
        <Loader aria-label={t("common:status.loading")} />
      </Center>
    );
  }
  if (serverInfo.firstRun) return <Navigate to={`/welcome${search}`} replace />;
  return (
    <AuthCard title={t("register.title")}>
      {serverInfo.registrationOpen ? (
        <RegisterForm next={next} submitLabel={t("register.submit")} />
      ) : (
        <Alert color="gray" role="status">
          {t("register.closed")}
        </Alert>
      )}
      <Text size="sm" ta="center">
        {t("register.haveAccount")}{" "}
        <Anchor component={Link} to={`/sign-in${search}`}>
          {t("signIn.title")}
        </Anchor>
      </Text>
    </AuthCard>
  );
}
