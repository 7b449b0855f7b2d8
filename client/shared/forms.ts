// Small forms (administration, case registration): submit, show the server's refusal, re-render on success.
import { ApiError } from './api';
import { h } from './dom';

/** A form whose submit runs `act`, shows the server's message on refusal and re-renders on success. */
export function submitForm(
  testid: string,
  fields: HTMLElement[],
  submit: string,
  act: () => Promise<unknown>,
  done: () => void,
): HTMLFormElement {
  const err = h('p', { class: 'error', role: 'alert', 'data-testid': `${testid}-error` });
  return h(
    'form',
    {
      class: 'inline',
      'data-testid': testid,
      onsubmit: (e: Event) => {
        e.preventDefault();
        err.textContent = '';
        act().then(done, (e2: unknown) => {
          err.textContent = e2 instanceof ApiError ? `${e2.message} (${e2.code})` : String(e2);
        });
      },
    },
    ...fields,
    h('button', { type: 'submit' }, submit),
    err,
  );
}

export const field = (label: string, input: HTMLElement): HTMLElement => h('label', {}, label, input);
