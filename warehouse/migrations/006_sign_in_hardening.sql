-- Sign-in hardening (issue 11). SSO accounts are marked: a token's e-mail only ever matches an
-- account made for SSO (never a local account whose name happens to equal it). Local sign-ins
-- survive a page reload through a session token kept in a cookie; only its hash is stored here.

ALTER TABLE users ADD COLUMN sso BOOLEAN DEFAULT FALSE;
UPDATE users SET sso = (password_hash IS NULL);

CREATE TABLE sign_in_sessions (
    token_hash  VARCHAR PRIMARY KEY,   -- sha256 of the cookie's random token
    username    VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL
);
