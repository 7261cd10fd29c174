/** The console's bar and overview, in both languages. */
export const nav = {
  en: {
    nav: { label: "Console", rotation: "Rotation", ideas: "Ideas board", stories: "Stories wall", complaints: "Complaints", quarterly: "Quarterly review" },
    overview: {
      title: "Console",
      rotation: "The support line's calendar by week and month, who is on it now, empty seats and swaps waiting.",
      ideas: "Every idea on a board by status, with filters and a search.",
      stories: "The service stories, the story of the week and the quarter's best.",
      complaints: "Complaint trends over 12 and 52 weeks, themes, spikes and outcomes.",
      quarterly: "A page per department and for the company, to print for the quarterly meeting.",
    },
  },
  he: {
    nav: { label: "מסוף ניהול", rotation: "תורנות", ideas: "לוח רעיונות", stories: "קיר הסיפורים", complaints: "תלונות", quarterly: "סיכום רבעוני" },
    overview: {
      title: "מסוף ניהול",
      rotation: "יומן קו השירות לפי שבוע וחודש, מי בתורנות עכשיו, משמרות ריקות והחלפות שממתינות.",
      ideas: "כל הרעיונות על לוח לפי סטטוס, עם סינון וחיפוש.",
      stories: "סיפורי השירות, סיפור השבוע והטובים ברבעון.",
      complaints: "מגמות התלונות ב־12 וב־52 שבועות, נושאים, קפיצות ותוצאות.",
      quarterly: "עמוד לכל מחלקה ולחברה כולה, להדפסה לקראת המפגש הרבעוני.",
    },
  },
} as const;
