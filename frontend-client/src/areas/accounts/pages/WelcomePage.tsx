import { Center, Loader } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation, useSearchParams } from "react-router";
import { useSession } from "@/shared/auth";
import { safeNext } from "@/shared/routing";
import { AuthCard } from "../components/AuthCard";
import { RegisterForm } from "../components/RegisterForm";
import { useServerInfo } from "../hooks";

/** First run: the server has no account yet; the first one becomes the admin. */
export default function WelcomePage() {
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
  if (!serverInfo.firstRun) return <Navigate to={`/sign-in${search}`} replace />;
  return (
    <AuthCard title={t("welcome.title")} intro={t("welcome.intro")}>
      <RegisterForm next={next} submitLabel={t("welcome.submit")} />
    </AuthCard>
  );
}
