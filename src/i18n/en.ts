/** English strings. Every key must exist in he.ts too (a test checks both ways). */
export const en = {
  app: {
    name: "Service Culture",
    tagline: "Customer service is everyone's job.",
  },
  help: {
    title: "What I can do",
    intro: "Hi {{name}}! Here is what you can ask me:",
    idea: "Propose an improvement; managers decide with one click.",
    ideas: "Browse the ideas backlog.",
    story: "Share an outstanding service story.",
    complaint: "Log a customer complaint.",
    rotation: "Your turns on the support line: mine, now, away, swap, fairness.",
    digest: "Preview your department's weekly complaint digest.",
    comingSoon: "Some of these are still being built and will answer soon.",
  },
  home: {
    title: "Welcome to Service Culture",
    unknownUser:
      "I don't know you yet: ask your administrator to add your email and Slack or Teams id to the organisation file.",
    department: "Department",
    role: "Role",
    manager: "Manager",
    employee: "Employee",
  },
  errors: {
    generic: "Something went wrong on our side. Nothing was saved; please try again.",
    notAllowed: "You are not allowed to do that.",
  },
} as const;

/** The shape every catalogue has: the same keys, any text. */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Catalogue = Widen<typeof en>;
