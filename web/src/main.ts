/**
 * The staff page: hash routing (`#/queue`, `#/enquiries/SEND-7K3M9Q`, `#/caseload`, `#/dashboard`,
 * `#/log-call`, `#/search?q=`, `#/children/CH-…`, `#/roster`, `#/away`, `#/staff`, `#/sign-in`), the service menu for the user's roles, and focus moved to
 * each new screen's heading so keyboard and screen reader users know where they are.
 */
import { ApiError, configureApi, get } from './api';
import { completeHostedSignIn, currentSession, signOut } from './auth';
import { banner, startCountdowns } from './components';
import { isLocalSignIn, loadConfig, type PageConfig } from './config';
import { h, replaceChildren } from './dom';
import type { Me, Role } from './types';
import type { Cleanup, Flash, ViewContext } from './view-context';
import { awayView } from './views/away';
import { caseloadView } from './views/caseload';
import { childView } from './views/child';
import { dashboardView } from './views/dashboard';
import { enquiryView } from './views/enquiry';
import { logCallView } from './views/log-call';
import { queueView } from './views/queue';
import { reportView } from './views/report';
import { rosterView } from './views/roster';
import { searchView } from './views/search';
import { signInView } from './views/sign-in';
import { staffView } from './views/staff';
import { setHubCalendar } from './working-time';

type Screen = (context: ViewContext) => Promise<Cleanup | undefined> | Promise<void>;

interface ScreenDefinition {
  screen: Screen;
  roles: readonly Role[];
  /** Safeguarding responders may open it whatever their role (the link in a duty alert). */
  safeguarding?: boolean;
}

const SCREENS: Record<string, ScreenDefinition> = {
  queue: { screen: queueView, roles: ['caseworker', 'manager'] },
  caseload: { screen: caseloadView, roles: ['caseworker', 'manager'] },
  enquiries: { screen: enquiryView, roles: ['caseworker', 'manager'], safeguarding: true },
  dashboard: { screen: dashboardView, roles: ['manager'] },
  report: { screen: reportView, roles: ['manager'] },
  'log-call': { screen: logCallView, roles: ['callhandler'] },
  search: { screen: searchView, roles: ['callhandler', 'caseworker', 'manager'] },
  children: { screen: childView, roles: ['caseworker', 'manager'] },
  roster: { screen: rosterView, roles: ['admin'] },
  away: { screen: awayView, roles: ['caseworker', 'manager', 'admin'] },
  staff: { screen: staffView, roles: ['admin'] },
};

const MENU: readonly { hash: string; text: string; roles: readonly Role[] }[] = [
  { hash: '#/dashboard', text: 'Dashboard', roles: ['manager'] },
  { hash: '#/report', text: 'Report', roles: ['manager'] },
  { hash: '#/queue', text: 'Queue', roles: ['caseworker', 'manager'] },
  { hash: '#/caseload', text: 'My caseload', roles: ['caseworker'] },
  { hash: '#/log-call', text: 'Log a call', roles: ['callhandler'] },
  { hash: '#/search', text: 'Search', roles: ['callhandler', 'caseworker', 'manager'] },
  { hash: '#/roster', text: 'Roster', roles: ['admin'] },
  { hash: '#/away', text: 'Away and cover', roles: ['caseworker', 'manager', 'admin'] },
  { hash: '#/staff', text: 'Staff', roles: ['admin'] },
];

let config: PageConfig;
let me: Me | null = null;
let pendingFlash: Flash | null = null;
let cleanup: Cleanup | undefined;
let generation = 0;

function main(): HTMLElement {
  const element = document.getElementById('main-content');
  if (element === null) throw new Error('the page has no main element');
  return element;
}

function homeFor(user: Me): string {
  if (user.roles.includes('manager')) return '#/dashboard';
  if (user.roles.includes('caseworker')) return '#/queue';
  if (user.roles.includes('callhandler')) return '#/log-call';
  if (user.roles.includes('admin')) return '#/roster';
  return '#/none';
}

function parseHash(hash: string): { name: string; params: string[]; query: URLSearchParams } {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const [name = '', ...params] = path
    .split('/')
    .filter((part) => part !== '')
    .map(decodeURIComponent);
  return { name, params, query: new URLSearchParams(search) };
}

function navigate(hash: string, flash?: Flash): void {
  pendingFlash = flash ?? null;
  if (location.hash === hash) void render();
  else location.hash = hash;
}

function drawMenu(user: Me | null, current: string): void {
  const section = document.getElementById('service-navigation');
  const list = document.getElementById('navigation');
  const who = document.getElementById('signed-in-as');
  if (section === null || list === null || who === null) return;
  section.hidden = user === null;
  if (user === null) return;
  const items = MENU.filter((item) => item.roles.some((role) => user.roles.includes(role)));
  replaceChildren(
    list,
    items.map((item) => {
      const active = item.hash === `#/${current}`;
      return h(
        'li',
        {
          class: active
            ? 'govuk-service-navigation__item govuk-service-navigation__item--active'
            : 'govuk-service-navigation__item',
        },
        h(
          'a',
          {
            class: 'govuk-service-navigation__link',
            href: item.hash,
            'aria-current': active ? 'page' : undefined,
          },
          active ? h('strong', { class: 'govuk-service-navigation__active-fallback' }, item.text) : item.text,
        ),
      );
    }),
    h(
      'li',
      { class: 'govuk-service-navigation__item' },
      h(
        'a',
        {
          class: 'govuk-service-navigation__link',
          href: '#/sign-in',
          onclick: (event: Event) => {
            event.preventDefault();
            signOut();
            me = null;
            navigate('#/sign-in', { kind: 'success', heading: 'You have signed out' });
          },
        },
        'Sign out',
      ),
    ),
  );
  replaceChildren(who, 'Signed in as ', h('strong', {}, user.name ?? user.username));
}

function context(
  view: HTMLElement,
  user: Me,
  route: ReturnType<typeof parseHash>,
  mine: number,
): ViewContext {
  const flash = pendingFlash;
  pendingFlash = null;
  return {
    view,
    me: user,
    config,
    params: route.params,
    query: route.query,
    flash,
    title(heading, documentTitle) {
      if (mine !== generation) return;
      document.title = `${documentTitle} – SEND enquiries hub`;
      heading.setAttribute('tabindex', '-1');
      heading.focus();
    },
    navigate,
    refresh(next) {
      pendingFlash = next ?? null;
      void render();
    },
  };
}

async function render(): Promise<void> {
  generation += 1;
  const mine = generation;
  cleanup?.();
  cleanup = undefined;
  const route = parseHash(location.hash);
  const view = h('div', {});
  replaceChildren(main(), view);

  if (currentSession() === null || route.name === 'sign-in') {
    me = null;
    drawMenu(null, '');
    await signInView({
      view,
      config,
      flash: pendingFlash,
      returnTo: route.name === 'sign-in' ? null : location.hash,
      signedIn: async (returnTo) => {
        me = null;
        navigate(returnTo ?? '#/');
      },
    });
    pendingFlash = null;
    return;
  }

  try {
    if (me === null) {
      me = await get<Me>('/me');
      setHubCalendar(me.calendar);
    }
  } catch (error) {
    if (mine !== generation) return;
    replaceChildren(
      view,
      banner('important', 'We could not load your account', error instanceof Error ? error.message : ''),
    );
    return;
  }
  if (mine !== generation) return;
  const definition = SCREENS[route.name];
  const user = me;
  const allowed =
    definition !== undefined &&
    (definition.roles.some((role) => user.roles.includes(role)) ||
      (definition.safeguarding === true && user.safeguardingResponder));
  if (!allowed) {
    const home = homeFor(me);
    if (home === '#/none') {
      drawMenu(me, '');
      replaceChildren(
        view,
        ...(me.safeguardingResponder
          ? [
              h('h1', { class: 'govuk-heading-l' }, 'Safeguarding duty'),
              h(
                'p',
                { class: 'govuk-body' },
                'You are on a safeguarding duty list. Open an enquiry from the link in its alert email to see the concern and press "I\'m dealing with this".',
              ),
            ]
          : [
              h('h1', { class: 'govuk-heading-l' }, 'You have no access yet'),
              h(
                'p',
                { class: 'govuk-body' },
                'Your account has no role in the hub. Ask an administrator to add you.',
              ),
            ]),
      );
      return;
    }
    if (route.name !== '' && definition !== undefined)
      pendingFlash = { kind: 'important', heading: 'You do not have access to that page' };
    location.replace(home);
    return;
  }
  drawMenu(me, route.name);
  try {
    const result = await definition.screen(context(view, me, route, mine));
    if (mine === generation && typeof result === 'function') cleanup = result;
    else if (typeof result === 'function') result();
  } catch (error) {
    if (mine !== generation) return;
    const message =
      error instanceof ApiError
        ? error.correlationId === null
          ? error.message
          : `${error.message} (reference ${error.correlationId})`
        : 'Something went wrong showing this page.';
    replaceChildren(view, banner('important', message));
  }
}

async function boot(): Promise<void> {
  config = await loadConfig();
  configureApi(config, () => {
    me = null;
    pendingFlash = { kind: 'important', heading: 'Your session has ended. Sign in again.' };
    if (location.hash !== '#/sign-in') location.hash = '#/sign-in';
  });
  startCountdowns();
  // The skip link must not change the route: it only moves focus to the main content.
  document.getElementById('skip-link')?.addEventListener('click', (event) => {
    event.preventDefault();
    main().focus();
  });
  if (!isLocalSignIn(config)) {
    try {
      const returnTo = await completeHostedSignIn(config);
      if (returnTo !== null) history.replaceState(null, '', returnTo === '' ? '#/' : returnTo);
    } catch (error) {
      pendingFlash = {
        kind: 'important',
        heading: error instanceof Error ? error.message : 'Signing in did not work',
      };
    }
  }
  window.addEventListener('hashchange', () => void render());
  await render();
}

void boot();
