// Hash router: #/login, #/join (an invited party), #/device (a kiosk device), #/sessions, #/admin, #/rooms, #/custody, #/cases[/<id>], #/calendar, #/book, #/room/<id>, #/kiosk/<id>, #/recordings/<session id>.
import type { UserView } from '../server/auth';
import { renderAdmin } from './pages/admin';
import { renderBook } from './pages/book';
import { renderCalendar } from './pages/calendar';
import { renderCase, renderCases } from './pages/cases';
import { renderRecordings } from './pages/recordings';
import { renderRooms } from './pages/roomAdmin';
import { api, ApiError } from './shared/api';
import { h, mount } from './shared/dom';
import { t } from './shared/i18n';
import { renderLogin } from './shared/login';
import { mediaAllowed, renderInsecure } from './shared/secureContext';
import { renderRoom } from './shared/room';
import { renderSessionList } from './shared/sessionList';
import { renderKiosk } from './views/remote-party/kiosk';
import { renderDevice } from './views/remote-party/device';
import { renderJoin } from './views/remote-party/join';
import { renderCustody } from './pages/custody';
import { DEVICE_ROLE } from '../server/vocabulary';

const root = document.getElementById('app') as HTMLElement;
let cleanup: (() => void) | undefined;
let me: UserView | undefined;

async function route(): Promise<void> {
  cleanup?.();
  cleanup = undefined;
  const hash = location.hash || '#/sessions';
  const [path, query] = hash.split('?') as [string, string | undefined];
  try {
    if (path === '#/login') {
      renderLogin(root, new URLSearchParams(query ?? '').get('ended'), () => {
        me = undefined;
        location.hash = '#/sessions';
      });
      return;
    }
    if (path === '#/join') {
      renderJoin(root, (sessionId) => {
        me = undefined;
        location.hash = `#/room/${sessionId}`;
      });
      return;
    }
    if (path === '#/device') {
      if (!mediaAllowed()) renderInsecure(root);
      else cleanup = await renderDevice(root);
      return;
    }
    me ??= (await api.me()).user;
    if (me.role === DEVICE_ROLE) {
      location.hash = '#/device';
      return;
    }
    const m = /^#\/(room|kiosk|cases|recordings)\/([0-9a-f-]{36})$/.exec(path);
    if ((m?.[1] === 'room' || m?.[1] === 'kiosk') && !mediaAllowed()) renderInsecure(root);
    else if (m?.[1] === 'room') cleanup = await renderRoom(root, me, m[2] as string);
    else if (m?.[1] === 'kiosk') cleanup = await renderKiosk(root, m[2] as string);
    else if (m?.[1] === 'cases') await renderCase(root, me, m[2] as string);
    else if (m?.[1] === 'recordings') await renderRecordings(root, me, m[2] as string);
    else if (path === '#/cases') await renderCases(root, me);
    else if (path === '#/calendar') await renderCalendar(root, me, new URLSearchParams(query ?? ''));
    else if (path === '#/book') await renderBook(root, me);
    else if (path === '#/admin') await renderAdmin(root, me);
    else if (path === '#/rooms') await renderRooms(root, me);
    else if (path === '#/custody') await renderCustody(root, me);
    else await renderSessionList(root, me);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'unauthenticated') {
      me = undefined;
      location.hash = '#/login';
      return;
    }
    mount(
      root,
      h(
        'main',
        { class: 'page' },
        h('p', { class: 'error', role: 'alert' }, (err as Error).message),
        h('a', { href: '#/sessions' }, t('back')),
      ),
    );
  }
}

window.addEventListener('hashchange', () => void route());
void route();
