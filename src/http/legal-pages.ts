import { Router } from "express";

/**
 * `GET /privacy` and `GET /terms`: the privacy statement and terms of use that the Teams app
 * manifest links to (developer.privacyUrl and developer.termsOfUseUrl, `${PUBLIC_URL}/privacy`
 * and `${PUBLIC_URL}/terms`). Small static pages, English and Hebrew on the same page, each
 * language in its own element with its `lang` and `dir`. They say what the bot keeps and for
 * how long; the company that runs the bot is the one to answer questions about it.
 */
export const PRIVACY_PATH = "/privacy";
export const TERMS_PATH = "/terms";

interface Section {
  title: string;
  paragraphs: string[];
}

interface LegalPage {
  en: Section;
  he: Section;
}

const PRIVACY: LegalPage = {
  en: {
    title: "Service Culture: privacy",
    paragraphs: [
      "Service Culture is run by your employer for its own staff, on its own servers. Your employer decides what it is used for and answers questions about the data it holds; ask your administrator.",
      "What it keeps: from the organisation file, each employee's name, work email, department, Slack and Teams user ids, time zone, language, share of a full-time position, start date, languages and skills; what people do with it: ideas, votes and decisions, service stories and reactions to them, support-line shifts, absences and swaps, and the complaints recorded about the company's service.",
      "Customers: a customer reference given with a complaint is never stored, only a keyed hash of it, so that repeat complaints can be linked. Text that looks like an email address, a phone number, an Israeli ID number or a card number is pointed out before a story is kept and removed from digest examples.",
      "Nothing is sold or shared with third parties. Messages go only to the company's own Slack workspace and Microsoft Teams tenant. Delivered messages are deleted after 30 days and unfinished drafts after a day (stories after 7 days); people who leave are deactivated, with their history kept for the company's records.",
    ],
  },
  he: {
    title: "Service Culture: פרטיות",
    paragraphs: [
      "את Service Culture מפעיל המעסיק שלך עבור עובדיו, על השרתים שלו. המעסיק מחליט למה הוא משמש ועונה על שאלות לגבי המידע שנשמר בו; אפשר לפנות למנהל המערכת.",
      "מה נשמר: מקובץ הארגון, שמו של כל עובד, כתובת הדוא״ל בעבודה, המחלקה, מזהי המשתמש ב-Slack וב-Teams, אזור הזמן, השפה, היקף המשרה, תאריך תחילת העבודה, שפות ומיומנויות; ומה שעושים בו: רעיונות, הצבעות והחלטות, סיפורי שירות והתגובות להם, משמרות בקו התמיכה, היעדרויות והחלפות, והתלונות שנרשמו על השירות.",
      "לקוחות: מזהה לקוח שנמסר עם תלונה אינו נשמר אף פעם, רק ערך גיבוב שלו עם מפתח סודי, כדי לקשר תלונות חוזרות. טקסט שנראה כמו כתובת דוא״ל, מספר טלפון, מספר תעודת זהות או מספר כרטיס אשראי מסומן לפני שסיפור נשמר, ומוסר מהדוגמאות שבסיכום השבועי.",
      "שום מידע אינו נמכר או מועבר לצד שלישי. הודעות נשלחות רק לסביבת ה-Slack ול-Microsoft Teams של החברה. הודעות שנמסרו נמחקות אחרי 30 יום וטיוטות שלא הושלמו אחרי יום (סיפורים אחרי 7 ימים); עובדים שעזבו מסומנים כלא פעילים, וההיסטוריה שלהם נשמרת ברישומי החברה.",
    ],
  },
};

const TERMS: LegalPage = {
  en: {
    title: "Service Culture: terms of use",
    paragraphs: [
      "Service Culture is an internal tool of the company that runs it, for its employees. Using it is part of your work, under your employer's policies; your employer decides who may use it and for what.",
      "Share what you would share with colleagues: ideas, stories and complaints are seen by the people the bot shows them to (your department, its managers, the whole company for published stories). Do not enter customers' personal data where the bot does not ask for it.",
      "The software is open source under the MIT licence and is provided as is, without warranty of any kind.",
    ],
  },
  he: {
    title: "Service Culture: תנאי שימוש",
    paragraphs: [
      "Service Culture הוא כלי פנימי של החברה שמפעילה אותו, לשימוש עובדיה. השימוש בו הוא חלק מהעבודה, בכפוף למדיניות המעסיק; המעסיק מחליט מי רשאי להשתמש בו ולאיזו מטרה.",
      "שתפו מה שהייתם משתפים עם עמיתים: רעיונות, סיפורים ותלונות גלויים לאנשים שהבוט מציג להם אותם (המחלקה שלכם, המנהלים שלה, וכל החברה לסיפורים שפורסמו). אין להזין מידע אישי של לקוחות במקום שהבוט אינו מבקש אותו.",
      "התוכנה היא קוד פתוח ברישיון MIT, והיא מסופקת כמות שהיא, ללא אחריות מכל סוג.",
    ],
  },
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function section(s: Section, lang: "en" | "he"): string {
  const dir = lang === "he" ? "rtl" : "ltr";
  return [
    `<section lang="${lang}" dir="${dir}">`,
    `<h1>${escapeHtml(s.title)}</h1>`,
    ...s.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `</section>`,
  ].join("\n");
}

function render(page: LegalPage): string {
  return `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.en.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}section+section{border-top:1px solid #ccc;margin-top:2rem}h1{font-size:1.4rem;color:#0e7c86}</style>
</head>
<body>
${section(page.en, "en")}
${section(page.he, "he")}
</body>
</html>
`;
}

/** Serves the two pages; they never change while the process runs, so they are rendered once. */
export function legalPagesRouter(): Router {
  const router = Router();
  const pages: [string, string][] = [
    [PRIVACY_PATH, render(PRIVACY)],
    [TERMS_PATH, render(TERMS)],
  ];
  for (const [path, html] of pages) {
    router.get(path, (_req, res) => {
      res
        .set({
          "Cache-Control": "public, max-age=3600",
          "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
          "X-Content-Type-Options": "nosniff",
        })
        .type("text/html; charset=utf-8")
        .send(html);
    });
  }
  return router;
}
