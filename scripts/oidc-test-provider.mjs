// A real OpenID Connect provider for the single sign-on tests (npm oidc-provider), shaped like
// Microsoft Entra ID: the issuer is http://127.0.0.1:<port>/<tenant>/v2.0 and ID tokens carry
// the tid and oid claims. Test use only: never run it anywhere else.
//
//   node scripts/oidc-test-provider.mjs <port> <tenant> <client_id> <client_secret>
//
// Who signs in is chosen by the test, not by a form: before starting a sign-in the test POSTs
// the identity's claims as JSON to /__test/next-login (or {"cancel": true} to have the sign-in
// cancelled, as a person pressing "Cancel" would). The next interaction finishes with that
// identity, so runs are deterministic.
import http from 'node:http';

import Provider from 'oidc-provider';

const [port, tenant, clientId, clientSecret] = process.argv.slice(2);
if (!port || !tenant || !clientId || !clientSecret) {
  console.error('usage: oidc-test-provider.mjs <port> <tenant> <client_id> <client_secret>');
  process.exit(2);
}
const prefix = `/${tenant}/v2.0`;
const issuer = `http://127.0.0.1:${port}${prefix}`;
const CALLBACK = /^http:\/\/(127\.0\.0\.1|localhost):\d+\/accounts\/oidc\/[^/]+\/login\/callback\/$/;

const accounts = new Map(); // sub -> claims
let nextLogin = null;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: ['http://127.0.0.1/accounts/oidc/entra/login/callback/'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  claims: {
    openid: ['sub', 'tid', 'oid'],
    profile: ['name', 'given_name', 'family_name'],
    email: ['email'],
  },
  // Entra puts these claims in the ID token itself.
  conformIdTokenClaims: false,
  async findAccount(ctx, sub) {
    const claims = accounts.get(sub);
    if (!claims) return undefined;
    return { accountId: sub, async claims() { return { ...claims, sub } } };
  },
  // A first-party application: no consent screen, as with an admin-consented Entra app.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile email');
    await grant.save();
    return grant;
  },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `${prefix}/interaction/${interaction.uid}` },
  cookies: { keys: ['test-only-not-secret'] },
  pkce: { required: () => true },
});
provider.proxy = false;
// The live test server listens on a random port; the callback path is still checked.
provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(value) {
  return CALLBACK.test(value);
};

const oidc = provider.callback();

async function readJson(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return JSON.parse(body || '{}');
}

const server = http.createServer(async (req, res) => {
  try {
    if (req.method === 'POST' && req.url === '/__test/next-login') {
      const claims = await readJson(req);
      if (claims.cancel) {
        nextLogin = { cancel: true };
      } else {
        accounts.set(claims.sub, claims);
        nextLogin = { sub: claims.sub };
      }
      res.writeHead(204).end();
      return;
    }
    if (req.url.startsWith(`${prefix}/interaction/`)) {
      // The path is only a handle: the identity comes from the test's last /__test/next-login.
      req.originalUrl = req.url;
      req.url = req.url.slice(prefix.length);
      const login = nextLogin;
      nextLogin = null;
      if (!login) {
        res.writeHead(409, { 'content-type': 'text/plain' }).end('no next login set\n');
        return;
      }
      const result = login.cancel
        ? { error: 'access_denied', error_description: 'The person cancelled' }
        : { login: { accountId: login.sub } };
      await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      return;
    }
    if (req.url === prefix || req.url.startsWith(`${prefix}/`)) {
      req.originalUrl = req.url;
      req.url = req.url.slice(prefix.length) || '/';
      oidc(req, res);
      return;
    }
    res.writeHead(404).end();
  } catch (error) {
    console.error(error);
    if (!res.headersSent) res.writeHead(500).end(String(error));
  }
});
server.listen(Number(port), '127.0.0.1', () => {
  console.log(`oidc test provider ready at ${issuer}`);
});
