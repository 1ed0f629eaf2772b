"""Accounts without Streamlit: users, roles, passwords, lock-outs and sign-in sessions in the
warehouse (`accounts`), and the server's check that a download's requester is signed in
(`media_gate`). Who is using a page is `ui.access`, built on these."""
