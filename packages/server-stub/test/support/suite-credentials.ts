/** The default seed's test credentials, as the conformance suite takes them: a test key pair and one token per role. */
export const SUITE_CREDENTIALS = {
  staffToken: 'staff_test_token',
  projectKey: 'pk_test_acme',
  secretKey: 'sk_test_acme',
  roleTokens: { triager: 'staff_test_triager', responder: 'staff_test_responder', legal: 'staff_test_legal', admin: 'staff_test_admin' },
};
