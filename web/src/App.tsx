// The app's routes: which page a path shows to whom. The session is session.tsx's, the header
// Header.tsx's; each page loads its own data.
import { Button, Result, Spin } from 'antd';
import { Header } from './Header';
import { CampaignAuditPage } from './pages/CampaignAudit';
import { BulletinPage, BulletinsPage } from './pages/CampaignBulletins';
import { CampaignPage } from './pages/CampaignPage';
import { CampaignsPage } from './pages/CampaignsPage';
import { DirectoryPage } from './pages/DirectoryPage';
import { HazardLedgerPage } from './pages/HazardLedger';
import { HazardPage } from './pages/HazardPage';
import { LaunchPage } from './pages/LaunchPage';
import { LinkLanding } from './pages/LinkLanding';
import { Login } from './pages/Login';
import { ReportPage } from './pages/ReportPage';
import { WorkPage } from './pages/WorkPage';
import { StuckStepsPage } from './pages/StuckSteps';
import { navigate, usePath } from './router';
import { pageOfSubject, useSession } from './session';

export function App() {
  const path = usePath();
  const { me, loading, reload } = useSession();
  const [pathname, search = ''] = path.split('?');

  let page: React.ReactNode;
  if (pathname.startsWith('/l/')) {
    page = <LinkLanding token={decodeURIComponent(pathname.slice(3))} onSignedIn={reload} />;
  } else if (loading) {
    page = (
      <div style={{ textAlign: 'center', padding: 64 }}>
        <Spin />
      </div>
    );
  } else if (pathname === '/login' || !me) {
    if (pathname !== '/login') {
      navigate(`/login?next=${encodeURIComponent(path)}`, true);
      return null;
    }
    page = <Login onSignedIn={reload} />;
  } else {
    const id = (s: string) => decodeURIComponent(s);
    const hazard = /^\/hazards\/([^/]+)$/.exec(pathname);
    const campaign = /^\/campaigns\/([^/]+)$/.exec(pathname);
    const lead = me.role === 'lead' || me.role === 'bureau';
    // The hazard ledger (台账): the lead office, the bureau and the local government.
    const ledger = pathname === '/hazards' && (lead || me.role === 'government') && !me.subject;
    // A campaign's 通报 (every participant gets them by mail) and its 工作留痕 (the lead and the bureau).
    const bulletins = /^\/campaigns\/([^/]+)\/bulletins(?:\/(\d+))?$/.exec(pathname);
    const audit = /^\/campaigns\/([^/]+)\/audit$/.exec(pathname);
    // 报送: an owner hands in a report period (?period=<period> for a recurring one).
    const report = /^\/campaigns\/([^/]+)\/reports\/([^/]+)$/.exec(pathname);
    if (hazard) page = <HazardPage id={id(hazard[1])} />;
    else if (ledger) page = <HazardLedgerPage query={search} />;
    else if (report) {
      const period = new URLSearchParams(search).get('period') ?? undefined;
      page = <ReportPage key={path} campaignId={id(report[1])} obligationKey={id(report[2])} period={period} />;
    } else if (bulletins && bulletins[2]) page = <BulletinPage key={pathname} campaignId={id(bulletins[1])} no={Number(bulletins[2])} />;
    else if (bulletins) page = <BulletinsPage key={pathname} campaignId={id(bulletins[1])} />;
    else if (audit && lead) page = <CampaignAuditPage key={pathname} campaignId={id(audit[1])} />;
    else if (pathname === '/campaigns/new' && me.role === 'lead') page = <LaunchPage />;
    else if (campaign) page = <CampaignPage key={campaign[1]} id={id(campaign[1])} />;
    else if (pathname === '/campaigns' && lead) page = <CampaignsPage />;
    else if (pathname === '/directory' && lead) page = <DirectoryPage />;
    else if (pathname === '/stuck-steps' && me.role === 'lead') page = <StuckStepsPage />;
    else if (pathname === '/' || pathname === '/work') {
      if (me.subject) {
        navigate(pageOfSubject(me.subject), true);
        return null;
      }
      page = <WorkPage />;
    } else page = <Result status="404" title="页面不存在" extra={<Button onClick={() => navigate('/')}>返回工作台</Button>} />;
  }

  return (
    <>
      <Header hideSession={pathname === '/login' || pathname.startsWith('/l/')} />
      <main className="app-content">{page}</main>
    </>
  );
}
