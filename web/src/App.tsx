// The app's routes: which page a path shows to whom. The session is session.tsx's, the header
// Header.tsx's; each page loads its own data.
import { Spin } from 'antd';
import { lazy, Suspense, useEffect } from 'react';
import { Header } from './Header';
import { LinkLanding } from './pages/LinkLanding';
import { navigate, usePath } from './router';
import { pageOfSubject, useSession } from './session';
import { NotShown, usePageTitle } from './shell';

// Each page is its own chunk, loaded when its path is first shown: a mail link's hazard page does
// not wait for the dashboard's charts, the launch form or the directory (the mail link's landing,
// the first page of most people, stays in the main chunk).
const importHazardPage = () => import('./pages/HazardPage');
const importCampaignPage = () => import('./pages/CampaignPage');
const HazardPage = lazy(() => importHazardPage().then((m) => ({ default: m.HazardPage })));
const CampaignPage = lazy(() => importCampaignPage().then((m) => ({ default: m.CampaignPage })));
const CampaignAuditPage = lazy(() => import('./pages/CampaignAudit').then((m) => ({ default: m.CampaignAuditPage })));
const BulletinPage = lazy(() => import('./pages/CampaignBulletins').then((m) => ({ default: m.BulletinPage })));
const BulletinsPage = lazy(() => import('./pages/CampaignBulletins').then((m) => ({ default: m.BulletinsPage })));
const CampaignsPage = lazy(() => import('./pages/CampaignsPage').then((m) => ({ default: m.CampaignsPage })));
const DirectoryPage = lazy(() => import('./pages/DirectoryPage').then((m) => ({ default: m.DirectoryPage })));
const HazardLedgerPage = lazy(() => import('./pages/HazardLedger').then((m) => ({ default: m.HazardLedgerPage })));
const LaunchPage = lazy(() => import('./pages/LaunchPage').then((m) => ({ default: m.LaunchPage })));
const Login = lazy(() => import('./pages/Login').then((m) => ({ default: m.Login })));
const InvitationPage = lazy(() => import('./pages/InvitationPage').then((m) => ({ default: m.InvitationPage })));
const ReportPage = lazy(() => import('./pages/ReportPage').then((m) => ({ default: m.ReportPage })));
const WorkPage = lazy(() => import('./pages/WorkPage').then((m) => ({ default: m.WorkPage })));
const SchoolRecordPage = lazy(() => import('./pages/SchoolRecordPage').then((m) => ({ default: m.SchoolRecordPage })));
const StuckStepsPage = lazy(() => import('./pages/StuckSteps').then((m) => ({ default: m.StuckStepsPage })));

// A page's chunk that no longer exists (the app was deployed anew while this tab stayed open):
// reload once to get the new build's pages, rather than fail.
window.addEventListener('vite:preloadError', (event) => {
  const last = Number(sessionStorage.getItem('chunk-reload-at') ?? 0);
  if (Date.now() - last < 10_000) return;
  sessionStorage.setItem('chunk-reload-at', String(Date.now()));
  event.preventDefault();
  window.location.reload();
});

/**
 * While a mail link's token is checked, the page it leads to is fetched beside it: the token's
 * unverified payload names its item (hazard:…, hazard-view:… or campaign:…), a hint and nothing more.
 */
function prefetchLinkPage(token: string): void {
  let subject: string;
  try {
    subject = String(JSON.parse(atob(token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/'))).s ?? '');
  } catch {
    return;
  }
  if (subject.startsWith('hazard:') || subject.startsWith('hazard-view:')) void importHazardPage();
  else if (subject.startsWith('campaign:')) void importCampaignPage();
}

/** The tab's title of a route (none while the session loads: the system's name stays). */
function RouteTitle({ title }: { title: string | undefined }) {
  usePageTitle(title);
  return null;
}

const loadingPage = (
  <div style={{ textAlign: 'center', padding: 64 }}>
    <Spin />
  </div>
);

export function App() {
  const path = usePath();

  const { me, loading, reload } = useSession();
  const [pathname, search = ''] = path.split('?');
  const linkToken = pathname.startsWith('/l/') ? decodeURIComponent(pathname.slice(3)) : undefined;
  // After the landing's own effect (a child's runs first) has sent the token: the sign-in ahead of
  // the page's chunks on a slow network's few connections.
  useEffect(() => {
    if (linkToken) prefetchLinkPage(linkToken);
  }, [linkToken]);

  let page: React.ReactNode;
  // The tab's title for the route; a page whose name comes with its data sets its own once loaded.
  let title: string | undefined;
  if (linkToken !== undefined) {
    page = <LinkLanding token={linkToken} onSignedIn={reload} />;
    title = '正在核验链接';
  } else if (pathname === '/invite') {
    // 开通账号 from an invitation mail: no session needed.
    page = <InvitationPage />;
    title = '开通账号';
  } else if (loading) {
    page = loadingPage;
  } else if (pathname === '/login' || !me) {
    if (pathname !== '/login') {
      navigate(`/login?next=${encodeURIComponent(path)}`, true);
      return null;
    }
    page = <Login onSignedIn={reload} />;
    title = '登录';
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
    const schoolRecord = /^\/schools\/([^/]+)\/record$/.exec(pathname);
    if (hazard) [page, title] = [<HazardPage id={id(hazard[1])} opens={new URLSearchParams(search).get('action') ?? undefined} />, '隐患'];
    else if (ledger) [page, title] = [<HazardLedgerPage query={search} />, '隐患台账'];
    else if (report) {
      const period = new URLSearchParams(search).get('period') ?? undefined;
      [page, title] = [<ReportPage key={path} campaignId={id(report[1])} obligationKey={id(report[2])} period={period} />, '报送'];
    } else if (bulletins && bulletins[2]) [page, title] = [<BulletinPage key={pathname} campaignId={id(bulletins[1])} no={Number(bulletins[2])} />, `第${Number(bulletins[2])}期通报`];
    else if (bulletins) [page, title] = [<BulletinsPage key={pathname} campaignId={id(bulletins[1])} />, '通报'];
    else if (audit && lead) [page, title] = [<CampaignAuditPage key={pathname} campaignId={id(audit[1])} />, '工作留痕'];
    else if (pathname === '/campaigns/new' && me.role === 'lead') [page, title] = [<LaunchPage />, '发起专项行动'];
    else if (campaign) [page, title] = [<CampaignPage key={campaign[1]} id={id(campaign[1])} />, '专项行动'];
    else if (pathname === '/campaigns' && lead) [page, title] = [<CampaignsPage />, '专项行动'];
    else if (pathname === '/directory' && lead) [page, title] = [<DirectoryPage />, '名录'];
    // 一校一档: a school its own (/record), the bureau and the lead office any school's from the directory.
    else if (pathname === '/record' && me.role === 'school' && me.unitId && !me.subject) [page, title] = [<SchoolRecordPage key={me.unitId} schoolId={me.unitId} />, '一校一档'];
    else if (schoolRecord && (lead || (me.role === 'school' && me.unitId === id(schoolRecord[1]))) && !me.subject)
      [page, title] = [<SchoolRecordPage key={pathname} schoolId={id(schoolRecord[1])} />, '一校一档'];
    else if (pathname === '/stuck-steps' && me.role === 'lead') [page, title] = [<StuckStepsPage />, '卡住的处理步骤'];
    else if (pathname === '/' || pathname === '/work') {
      if (me.subject) {
        navigate(pageOfSubject(me.subject), true);
        return null;
      }
      [page, title] = [<WorkPage />, '工作台'];
    } else page = <NotShown status={404} title="页面不存在" />;
  }

  return (
    <>
      {/* Before the page: its effect runs first, the page's own title (once loaded) after it. */}
      <RouteTitle title={title} />
      <Header hideSession={pathname === '/login' || pathname === '/invite' || pathname.startsWith('/l/')} />
      <main className="app-content">
        <Suspense fallback={loadingPage}>{page}</Suspense>
      </main>
    </>
  );
}
