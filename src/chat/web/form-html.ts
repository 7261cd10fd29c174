/**
 * Renders the neutral `Form` as an HTML form, the counterpart of a Slack modal and of an
 * Adaptive Card with inputs. A problem is shown under its field (and tied to it for screen
 * readers), and what was typed is shown again so that nothing is lost. People pickers list
 * the organisation's active employees by name; their employee numbers are submitted.
 */
import type { Field, FormErrors, FormValues } from "../form";
import type { FormCard } from "../conversation/forms";
import { plainWords } from "../message";
import { html, type Html } from "./html";
import { blockHtml, hiddenRequest, textHtml, type RenderContext } from "./message-html";

export interface FormContext extends RenderContext {
  /** Where the form posts to. */
  formPath: string;
  /** The people a people picker offers: employee number and name. */
  people: readonly { id: number; name: string }[];
}

function valueOf(field: Field, values: FormValues | undefined): FormValues[string] {
  if (values) return values[field.id];
  return field.initial;
}

function inputHtml(field: Field, value: FormValues[string], context: FormContext, describedBy: string, invalid: boolean): Html {
  const common = html`id="field-${field.id}" name="${field.id}"${describedBy ? html` aria-describedby="${describedBy}"` : ""}${invalid ? html` aria-invalid="true"` : ""}${field.optional ? "" : html` required`}`;
  const text = typeof value === "string" ? value : "";
  switch (field.type) {
    case "text": {
      const max = field.maxLength ? html` maxlength="${field.maxLength}"` : "";
      const placeholder = field.placeholder ? html` placeholder="${plainWords(field.placeholder)}"` : "";
      return field.multiline
        ? html`<textarea ${common}${max}${placeholder} rows="5" dir="auto">${text}</textarea>`
        : html`<input type="text" ${common}${max}${placeholder} value="${text}" dir="auto">`;
    }
    case "select":
      return html`<select ${common}>${field.optional || !text ? html`<option value=""></option>` : ""}${field.options.map(
        (o) => html`<option value="${o.value}"${o.value === text ? " selected" : ""}>${plainWords(o.label)}</option>`,
      )}</select>`;
    case "user":
      return html`<select ${common}><option value=""></option>${context.people.map(
        (p) => html`<option value="${p.id}"${String(p.id) === text ? " selected" : ""}>${p.name}</option>`,
      )}</select>`;
    case "users": {
      const chosen = new Set(Array.isArray(value) ? value : []);
      return html`<select ${common} multiple size="6">${context.people.map(
        (p) => html`<option value="${p.id}"${chosen.has(String(p.id)) ? " selected" : ""}>${p.name}</option>`,
      )}</select>`;
    }
    case "date":
      return html`<input type="date" ${common} value="${/^\d{4}-\d{2}-\d{2}$/.test(text) ? text : ""}">`;
    case "checkbox":
      return html`<label class="checkbox"><input type="checkbox" id="field-${field.id}" name="${field.id}" value="true"${value === true ? " checked" : ""}${describedBy ? html` aria-describedby="${describedBy}"` : ""}> ${textHtml(field.text)}</label>`;
  }
}

function fieldHtml(field: Field, errors: FormErrors, values: FormValues | undefined, context: FormContext): Html {
  const error = errors[field.id];
  const hintId = field.hint ? `hint-${field.id}` : "";
  const errorId = error ? `error-${field.id}` : "";
  const describedBy = [errorId, hintId].filter(Boolean).join(" ");
  const label = html`<label for="field-${field.id}">${textHtml(field.label)}${field.optional ? "" : html` <span aria-hidden="true">*</span>`}</label>`;
  return html`<div class="field${error ? " has-error" : ""}">${field.type === "checkbox" ? "" : label}${inputHtml(field, valueOf(field, values), context, describedBy, Boolean(error))}${
    error ? html`<p class="error" id="${errorId}" role="alert">${error}</p>` : ""
  }${field.hint ? html`<p class="hint" id="${hintId}">${textHtml(field.hint)}</p>` : ""}</div>`;
}

/** The form, with its problems under their fields; a problem with no field of its own goes above them. */
export function formHtml({ form, errors = {}, values }: FormCard, context: FormContext): Html {
  const ids = new Set(form.fields.map((f) => f.id));
  const loose = Object.entries(errors).filter(([id]) => !ids.has(id));
  const dir = form.direction === "rtl" ? html` dir="rtl" lang="he"` : form.direction === "ltr" ? html` dir="ltr" lang="en"` : "";
  return html`<article class="message form"${dir}><h2>${textHtml(form.title)}</h2>${(form.intro ?? []).map((b) => blockHtml(b, context))}${
    loose.length ? html`<p class="error" role="alert">${loose.map(([, e]) => e).join(" ")}</p>` : ""
  }<form method="post" action="${context.formPath}" novalidate>${hiddenRequest(context)}<input type="hidden" name="action" value="${form.action}">${
    form.state ? html`<input type="hidden" name="state" value="${form.state}">` : ""
  }${form.fields.map((f) => fieldHtml(f, errors, values, context))}<div class="actions"><button type="submit" class="button button-primary">${textHtml(form.submit)}</button> <a href="/app" class="button">${textHtml(form.close)}</a></div></form></article>`;
}
