/**
 * The values of a submitted form, as Teams' Adaptive Card and the web's HTML form send them:
 * every input as a string, people lists as one comma-separated string or as repeated values.
 */
import type { Form, FormValues } from "../form";

/** The submitted values of `form`, by field id: trimmed text (empty is none), a tick, or a list of ids. */
export function readSubmittedValues(form: Form, data: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of form.fields) {
    const raw = data[field.id];
    if (field.type === "checkbox") {
      values[field.id] = raw === true || raw === "true";
      continue;
    }
    if (field.type === "users") {
      const ids = typeof raw === "string" ? raw.split(",") : Array.isArray(raw) ? raw.filter((v): v is string => typeof v === "string") : [];
      values[field.id] = ids.map((id) => id.trim()).filter(Boolean);
      continue;
    }
    const text = typeof raw === "string" ? raw.trim() : "";
    values[field.id] = text === "" ? undefined : text;
  }
  return values;
}
