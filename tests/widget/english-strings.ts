// The widget fetches its strings before it first renders (widget/main.tsx); components rendered alone here
// read English, as the built widget does once /i18n/en.json is in.
import { en } from "../../widget/i18n/en.ts";
import { strings } from "../../widget/i18n/strings.ts";

Object.assign(strings, en);
