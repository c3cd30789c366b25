@area:auth
Feature: Logging in, refreshing and logging out
  POST /auth/login trades an email and password for a short-lived access
  token and a refresh token. A refresh token can be used once: refreshing
  returns a new pair and retires the old refresh token. Logging out retires
  the refresh token too.

  Background:
    Given a role "members" with no permissions
    And a user "member" in role "members" with a static token

  @check:AUTH-001 @doc:reference/authentication
  Scenario: Logging in returns an access token and a refresh token
    When user "member" logs in with their password
    Then the status is 200 because valid credentials are exchanged for tokens
    And "data.access_token" is a non-empty string
    And "data.refresh_token" is a non-empty string because json mode returns the refresh token in the body
    And "data.expires" is a positive number because expires is the access token's lifetime in milliseconds

  @check:AUTH-002 @doc:reference/authentication
  Scenario: The access token from a login identifies its user
    When user "member" logs in with their password
    And the value at "data.access_token" is remembered as "access token"
    And the holder of "access token" sends GET "/users/me"
    Then the status is 200 because the access token authenticates its user
    And "data.id" is "{id:member}" because /users/me answers for the token's user

  @check:AUTH-003 @doc:reference/authentication
  Scenario: A wrong password is rejected
    When user "member" logs in with a wrong password
    Then the status is 401 because wrong credentials are refused
    And the error code is "INVALID_CREDENTIALS"

  @check:AUTH-004 @doc:reference/authentication
  Scenario: Refreshing rotates the tokens and retires the old refresh token
    When user "member" logs in with their password
    And the value at "data.refresh_token" is remembered as "first refresh token"
    And the public sends POST "/auth/refresh" with:
      """
      {"refresh_token": "{var:first refresh token}", "mode": "json"}
      """
    Then the status is 200 because an unused refresh token buys a new pair
    And "data.access_token" is a non-empty string
    And "data.refresh_token" differs from the value remembered as "first refresh token" because refresh tokens rotate
    When the public sends POST "/auth/refresh" with:
      """
      {"refresh_token": "{var:first refresh token}", "mode": "json"}
      """
    Then the status is 401 because a refresh token cannot be used twice
    And the error code is "INVALID_CREDENTIALS"

  @check:AUTH-005 @doc:reference/authentication
  Scenario: Logging out retires the refresh token
    When user "member" logs in with their password
    And the value at "data.refresh_token" is remembered as "refresh token"
    And the public sends POST "/auth/logout" with:
      """
      {"refresh_token": "{var:refresh token}", "mode": "json"}
      """
    Then the status is 204 because logging out answers with no content
    When the public sends POST "/auth/refresh" with:
      """
      {"refresh_token": "{var:refresh token}", "mode": "json"}
      """
    Then the status is 401 because the session ended at logout
    And the error code is "INVALID_CREDENTIALS"
