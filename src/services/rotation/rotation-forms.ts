/** The swap form, described once for Slack modals and Teams cards. */
import type { Form } from "../../chat/form";
import { translator, type Locale, textDirection } from "../../i18n";
import { ROTATION_FORMS, shiftLabel } from "./rotation-messages";
import type { ShiftView } from "./shift-views";

export function swapForm(locale: Locale, shifts: ShiftView[], zone: string, initialShiftId?: number): Form {
  const tr = translator(locale);
  const initial = shifts.some((s) => s.id === initialShiftId) ? String(initialShiftId) : undefined;
  return {
    action: ROTATION_FORMS.swap,
    title: tr("rotation.swap.formTitle"),
    submit: tr("rotation.swap.formSubmit"),
    close: tr("rotation.swap.formClose"),
    direction: textDirection(locale),
    fields: [
      {
        id: "shift",
        type: "select",
        label: tr("rotation.swap.shiftField"),
        options: shifts.map((s) => ({ value: String(s.id), label: shiftLabel(s, locale, zone) })),
        ...(initial ? { initial } : {}),
      },
      { id: "colleague", type: "user", label: tr("rotation.swap.colleagueField"), hint: tr("rotation.swap.colleagueHint"), optional: true },
    ],
  };
}
