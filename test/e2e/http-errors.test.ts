import { BOT_START_TIMEOUT_MS, startBot, type RunningBot } from "../helpers/bot";

/**
 * Whatever a client sends, the answer is a JSON body with the right status: never an HTML
 * page, a stack trace or a path on the server (express shows both outside production).
 */
describe("HTTP errors", () => {
  let bot: RunningBot | undefined;
  const base = () => bot!.base;

  beforeAll(async () => {
    bot = await startBot("pglite", "examples/org.yml", {
      TEAMS_APP_ID: "11111111-1111-1111-1111-111111111111",
      TEAMS_APP_PASSWORD: "not-a-real-password",
    });
  }, BOT_START_TIMEOUT_MS);
  afterAll(async () => {
    await bot?.stop();
  });

  async function answer(response: Response): Promise<{ status: number; type: string | null; body: string }> {
    return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
  }

  it("answers malformed JSON to the Teams endpoint with invalid_json", async () => {
    const response = await fetch(`${base()}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"type": "message",' });
    expect(await answer(response)).toEqual({ status: 400, type: "application/json; charset=utf-8", body: '{"error":"invalid_json"}' });
  });

  it("answers a body that is not an activity with invalid_activity", async () => {
    const response = await fetch(`${base()}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"text":"no type"}' });
    expect(await answer(response)).toEqual({ status: 400, type: "application/json; charset=utf-8", body: '{"error":"invalid_activity"}' });
  });

  it("answers an unknown address with not_found", async () => {
    const response = await fetch(`${base()}/wp-admin/setup.php`);
    expect(await answer(response)).toEqual({ status: 404, type: "application/json; charset=utf-8", body: '{"error":"not_found"}' });
  });

  it("refuses with 401 a token that claims the Bot Framework issuer but cannot be verified", async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const token = [
      encode({ alg: "RS256", typ: "JWT", kid: "forged-key" }),
      encode({ iss: "https://api.botframework.com", aud: "11111111-1111-1111-1111-111111111111", exp: 4_102_444_800, nbf: 1_700_000_000 }),
      "c2lnbmF0dXJl",
    ].join(".");
    const activity = {
      type: "message",
      id: "forged-1",
      text: "help",
      serviceUrl: "http://127.0.0.1:9/",
      channelId: "msteams",
      from: { id: "29:forged", aadObjectId: "00000000-0000-0000-0000-000000000001" },
      conversation: { id: "a:forged-chat", conversationType: "personal" },
      recipient: { id: "28:11111111-1111-1111-1111-111111111111" },
    };
    const response = await fetch(`${base()}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(activity),
    });
    expect(await answer(response)).toEqual({ status: 401, type: "application/json; charset=utf-8", body: '{"error":"unauthorized"}' });
    expect(await bot!.app.db.prisma.teamsConversation.findUnique({ where: { id: "a:forged-chat" } })).toBeNull();
  });
});
