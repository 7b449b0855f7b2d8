// The host's form for an instrument's own fields, per kind: the facts, the sentencing proposal
// and the procedure of a 认罪认罚具结书; the verdict and reasoning of a judgment; the dispute and
// the terms of a 调解协议书. What the host typed is kept across re-renders until it is saved.
import type { InstrumentFields } from '../../server/realtime/events';
import { type InstrumentKind, PLEA_PROCEDURES, type PleaProcedure } from '../../server/vocabulary';
import { h } from '../shared/dom';
import { t } from '../shared/i18n';

const FIELDS: Record<InstrumentKind, readonly string[]> = {
  plea_statement: ['facts', 'sentencingProposal'],
  judgment: ['verdict', 'reasoning'],
  mediation_agreement: ['dispute', 'terms'],
};

export class InstrumentForm {
  readonly el: HTMLElement;
  readonly #areas = new Map<string, HTMLTextAreaElement>();
  readonly #procedure = h(
    'select',
    { 'data-testid': 'ins-procedure' },
    ...PLEA_PROCEDURES.map((p) => h('option', { value: p }, t(`plea.${p}`))),
  );
  #dirty = false;

  constructor(private readonly kind: InstrumentKind) {
    for (const f of FIELDS[kind]) {
      const area = h('textarea', { rows: 3, maxlength: 6000, 'data-testid': `ins-${f}` });
      area.addEventListener('input', () => {
        this.#dirty = true;
      });
      this.#areas.set(f, area);
    }
    this.#procedure.addEventListener('change', () => {
      this.#dirty = true;
    });
    this.el = h(
      'div',
      { class: 'instrument-form', 'data-testid': 'instrument-form' },
      ...[...this.#areas].map(([f, a]) => h('label', {}, t(`ins.${f}`), a)),
      kind === 'plea_statement' ? h('label', {}, t('ins.procedure'), this.#procedure) : null,
    );
  }

  /** Shows what the server holds, unless the host has typed since. */
  show(fields: InstrumentFields | null): void {
    if (this.#dirty || !fields) return;
    const values = fields as Record<string, string>;
    for (const [f, a] of this.#areas) a.value = values[f] ?? '';
    if (fields.kind === 'plea_statement') this.#procedure.value = fields.procedure;
  }

  saved(): void {
    this.#dirty = false;
  }

  value(): InstrumentFields {
    const v = (f: string) => this.#areas.get(f)?.value ?? '';
    switch (this.kind) {
      case 'plea_statement':
        return {
          kind: 'plea_statement',
          facts: v('facts'),
          sentencingProposal: v('sentencingProposal'),
          procedure: this.#procedure.value as PleaProcedure,
        };
      case 'judgment':
        return { kind: 'judgment', verdict: v('verdict'), reasoning: v('reasoning') };
      case 'mediation_agreement':
        return { kind: 'mediation_agreement', dispute: v('dispute'), terms: v('terms') };
    }
  }
}
