// happy-dom lacks reportError, which every browser the widget runs in has (Chrome 95, Firefox 93, Safari 15.4):
// it reports an error as the page's own uncaught one, through the window's "error" event.
globalThis.reportError ??= (error: unknown) => window.dispatchEvent(new ErrorEvent("error", { error }));
