// Browsers give cameras and microphones only to secure pages (HTTPS, or localhost). Opened over
// plain HTTP through any other name, a session would show blank tiles; this says why instead.
import { h, mount } from './dom';
import { t } from './i18n';

export const mediaAllowed = (): boolean => window.isSecureContext && Boolean(navigator.mediaDevices?.getUserMedia);

/** The page shown instead of a session when the browser will not give this page a camera. */
export function renderInsecure(root: HTMLElement): void {
  const https = `https://${location.host}${location.pathname}${location.hash}`;
  mount(
    root,
    h(
      'main',
      { class: 'page' },
      h(
        'div',
        { class: 'card error', role: 'alert', 'data-testid': 'insecure-context' },
        h('h2', {}, t('insecureTitle')),
        h('p', {}, t('insecureBody')),
        h('p', {}, h('a', { href: https }, https)),
      ),
      h('a', { href: '#/sessions' }, t('back')),
    ),
  );
}
