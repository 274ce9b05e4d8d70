/** Whether `value` is a URL a worker can fetch or link to: http or https. */
export const isHttpUrl = (value: string) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
