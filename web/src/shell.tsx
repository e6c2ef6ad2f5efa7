// What every page shares around its content: the tab's title, the way home (the 工作台, or a mail
// link's own item), and the page shown when what was asked for does not exist or may not be seen.
import { Button, Result } from 'antd';
import { useEffect } from 'react';
import { followInApp } from './router';
import { pageOfSubject, useSession } from './session';
import type { Me } from './api';
import { isReadOnlySubject } from '../../common/link-subjects';

/** The system's name: the header's title, and the tab's after each page's own. */
export const SYSTEM_NAME = '护校安园专项行动督办系统';
/** Its short form, where the full name does not fit (a phone's header, a tab). */
export const SHORT_NAME = '护校安园';

/** The tab's title for a page: "隐患 校门口占道经营 – 护校安园"; the system's name alone without one. */
export const tabTitle = (page?: string): string => (page ? `${page} – ${SHORT_NAME}` : SYSTEM_NAME);

/**
 * Sets the tab's title to the page's. App sets each route's own ("隐患", "工作台"); a page whose
 * name comes with its data (a hazard's title, a campaign's name) sets it once loaded — undefined
 * until then leaves the route's.
 */
export function usePageTitle(page: string | undefined): void {
  useEffect(() => {
    if (page !== undefined) document.title = tabTitle(page);
  }, [page]);
}

/** Where "home" is: the 工作台, or for a mail link's session its own item's page. */
export function homeOf(me: Me | null): { to: string; label: string } {
  if (me?.subject) return { to: pageOfSubject(me.subject), label: isReadOnlySubject(me.subject) ? '返回隐患页面' : '返回办理页面' };
  return { to: '/', label: '返回工作台' };
}

/** A link (an <a>, navigated inside the app) drawn as a button: 40 px high on a phone. */
export function ButtonLink({ to, children, primary, testId }: { to: string; children: React.ReactNode; primary?: boolean; testId?: string }) {
  return (
    <Button href={to} type={primary ? 'primary' : 'default'} data-testid={testId} onClick={followInApp(to)}>
      {children}
    </Button>
  );
}

/**
 * The page for what cannot be shown: 404 (it does not exist), 403 (not this person's), or a failure
 * (network, server); always with the way home.
 */
export function NotShown({ status, title, subTitle, extra }: { status: 404 | 403 | 'warning'; title: string; subTitle?: string; extra?: React.ReactNode }) {
  const { me } = useSession();
  const home = homeOf(me);
  usePageTitle(title);
  return (
    <Result
      status={status === 404 ? '404' : status === 403 ? '403' : 'warning'}
      title={<span data-testid="not-shown">{title}</span>}
      subTitle={subTitle}
      extra={
        <div className="result-actions">
          {extra}
          <ButtonLink to={home.to} primary testId="home-link">
            {home.label}
          </ButtonLink>
        </div>
      }
    />
  );
}

/** The status of an API refusal as NotShown draws it. */
export const shownStatus = (status: number): 404 | 403 | 'warning' => (status === 404 ? 404 : status === 403 ? 403 : 'warning');
