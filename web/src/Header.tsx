// The header: the system's name, the nav of those who sign in with an account, who is signed in.
import { Button } from 'antd';
import { api } from './api';
import { Link, navigate } from './router';
import { pageOfSubject, useSession } from './session';
import type { Me } from './api';

/** The nav of a role that signs in with an account (a mail link's session has none: it opens its item only). */
function navOf(me: Me): [to: string, label: string, desktopOnly?: boolean][] {
  if (me.subject) return [];
  if (me.role === 'lead' || me.role === 'bureau') {
    return [
      ['/', '工作台'],
      ['/campaigns', '专项行动'],
      ['/hazards', '隐患台账'],
      ['/directory', '名录'],
      // An operator's page, for a desk: on a phone the nav keeps to what people work with.
      ...(me.role === 'lead' ? [['/stuck-steps', '卡住步骤', true] as [string, string, boolean]] : []),
    ];
  }
  if (me.role === 'government') {
    return [
      ['/', '工作台'],
      ['/hazards', '隐患台账'],
    ];
  }
  return [];
}

export function Header({ hideSession }: { hideSession: boolean }) {
  const { me: session, clear } = useSession();
  const me = hideSession ? null : session;
  const nav = me ? navOf(me) : [];
  return (
    <header className="app-header">
      <Link className="title" to={me?.subject ? pageOfSubject(me.subject) : '/'}>
        护校安园专项行动督办系统
      </Link>
      {nav.length > 0 && (
        <nav className="nav" data-testid="nav">
          {nav.map(([to, label, desktopOnly]) => (
            <Link key={to} to={to} className={desktopOnly ? 'hide-phone' : undefined}>
              {label}
            </Link>
          ))}
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
              clear();
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
