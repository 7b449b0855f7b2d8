// A label in both UI languages. zh-CN comes first; legal terms use the standard Chinese wording.
export type Label = { readonly 'zh-CN': string; readonly en: string };
export type Lang = keyof Label;
