// The app shell: who is signed in, the header, and the pages.
import { Button, Result, Spin } from 'antd';
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { api, ApiError, setCsrfToken, type Me } from './api';
import { CampaignAuditPage } from './pages/CampaignAudit';
import { BulletinPage, BulletinsPage } from './pages/CampaignBulletins';
import { CampaignPage } from './pages/CampaignPage';
import { CampaignsPage } from './pages/CampaignsPage';
import { DirectoryPage } from './pages/DirectoryPage';
import { HazardPage } from './pages/HazardPage';
import { LaunchPage } from './pages/LaunchPage';
import { LinkLanding } from './pages/LinkLanding';
import { Login } from './pages/Login';
import { WorkPage } from './pages/WorkPage';
import { Link, navigate, usePath } from './router';

interface Session {
  me: Me | null;
  reload(): Promise<Me | null>;
}
const SessionContext = createContext<Session>({ me: null, reload: async () => null });
export const useSession = () => useContext(SessionContext);

/** Where a link session belongs: its item's page. */
export const pageOfSubject = (subject: string) => {
  const kind = subject.slice(0, subject.indexOf(':'));
  const id = subject.slice(subject.indexOf(':') + 1);
  return kind === 'hazard' ? `/hazards/${encodeURIComponent(id)}` : `/campaigns/${encodeURIComponent(id)}`;
};

export function App() {
  const path = usePath();
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  const reload = useCallback(async () => {
    try {
      const m = await api<Me>('GET', '/api/me');
      setCsrfToken(m.csrfToken);
      setMe(m);
      return m;
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      setCsrfToken(null);
      setMe(null);
      return null;
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (path.startsWith('/l/')) setLoading(false);
    else void reload().catch(() => setLoading(false));
    // once, on load
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const pathname = path.split('?')[0];
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
    const hazard = /^\/hazards\/([^/]+)$/.exec(pathname);
    const campaign = /^\/campaigns\/([^/]+)$/.exec(pathname);
    const lead = me.role === 'lead' || me.role === 'bureau';
    // A campaign's 通报 (every participant gets them by mail) and its 工作留痕 (the lead and the bureau).
    const bulletins = /^\/campaigns\/([^/]+)\/bulletins(?:\/(\d+))?$/.exec(pathname);
    const audit = /^\/campaigns\/([^/]+)\/audit$/.exec(pathname);
    if (hazard) page = <HazardPage id={decodeURIComponent(hazard[1])} />;
    else if (bulletins && bulletins[2]) page = <BulletinPage key={pathname} campaignId={decodeURIComponent(bulletins[1])} no={Number(bulletins[2])} />;
    else if (bulletins) page = <BulletinsPage key={pathname} campaignId={decodeURIComponent(bulletins[1])} />;
    else if (audit && lead) page = <CampaignAuditPage key={pathname} campaignId={decodeURIComponent(audit[1])} />;
    else if (pathname === '/campaigns/new' && me.role === 'lead') page = <LaunchPage />;
    else if (campaign) page = <CampaignPage key={campaign[1]} id={decodeURIComponent(campaign[1])} />;
    else if (pathname === '/campaigns' && lead) page = <CampaignsPage />;
    else if (pathname === '/directory' && lead) page = <DirectoryPage />;
    else if (pathname === '/' || pathname === '/work') {
      if (me.subject) {
        navigate(pageOfSubject(me.subject), true);
        return null;
      }
      page = <WorkPage />;
    } else page = <Result status="404" title="页面不存在" extra={<Button onClick={() => navigate('/')}>返回工作台</Button>} />;
  }

  return (
    <SessionContext.Provider value={{ me, reload }}>
      <Header me={pathname === '/login' || pathname.startsWith('/l/') ? null : me} onSignedOut={() => setMe(null)} />
      <main className="app-content">{page}</main>
    </SessionContext.Provider>
  );
}

function Header({ me, onSignedOut }: { me: Me | null; onSignedOut(): void }) {
  return (
    <header className="app-header">
      <Link className="title" to={me?.subject ? pageOfSubject(me.subject) : '/'}>
        护校安园专项行动督办系统
      </Link>
      {me && (me.role === 'lead' || me.role === 'bureau') && !me.subject && (
        <nav className="nav">
          <Link to="/">工作台</Link>
          <Link to="/campaigns">专项行动</Link>
          <Link to="/directory">名录</Link>
        </nav>
      )}
      {me && (
        <div className="who">
          <span className="unit" data-testid="unit-name">
            {me.unitName}
            {me.name ? <span className="hide-phone">（{me.name}）</span> : null}
          </span>
          <Button
            size="small"
            ghost
            onClick={async () => {
              await api('DELETE', '/api/session').catch(() => undefined);
              setCsrfToken(null);
              onSignedOut();
              navigate('/login');
            }}
          >
            退出
          </Button>
        </div>
      )}
    </header>
  );
}
