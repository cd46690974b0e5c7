/** Archive description decoders (formats.md §0–§1). Pure and isomorphic: safe in client components. */

export { decodeDescription } from "./decode";
export { rangedFileName, suggestFileName } from "./file-name";
export { decodeUtf7 } from "./utf7";
export {
  DESCRIPTION_FORMATS,
  type DecodedDescription,
  type DescriptionExtra,
  type DescriptionFormat,
} from "./types";
