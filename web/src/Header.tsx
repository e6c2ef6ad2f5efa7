// The header: the system's name, the nav of those who sign in with an account, who is signed in.
import { Button } from 'antd';
import { api } from './api';
import { Link, navigate } from './router';
import { pageOfSubject, useSession } from './session';
import { SHORT_NAME, SYSTEM_NAME } from './shell';
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
  // A school's 一校一档 (its record: the campaigns' targets are counted from it).
  if (me.role === 'school' && me.unitId) {
    return [
      ['/', '工作台'],
      ['/record', '一校一档'],
    ];
  }
  // 验收人员 and departments with an account: their 工作台, the way back from any item.
  return [['/', '工作台']];
}

export function Header({ hideSession }: { hideSession: boolean }) {
  const { me: session, clear } = useSession();
  const me = hideSession ? null : session;
  const nav = me ? navOf(me) : [];
  return (
    <header className="app-header">
      {/* On a phone the nav (工作台 first) takes the title's place; without a nav its short form stays. */}
      <Link className={`title${nav.length ? ' title-with-nav' : ''}`} to={me?.subject ? pageOfSubject(me.subject) : '/'} aria-label={SYSTEM_NAME}>
        <span className="title-full">{SYSTEM_NAME}</span>
        <span className="title-short">{SHORT_NAME}</span>
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
            ghost
            className="sign-out"
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
