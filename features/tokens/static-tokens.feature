@area:tokens
Feature: Static tokens
  A static token acts as its user: it carries exactly the user's
  permissions. The admin's static token bypasses permission checks. Tokens
  travel as "Authorization: Bearer <token>" or as the access_token query
  parameter; anything else is not a credential.

  Background:
    Given a collection "articles" with fields "title, status"
    And "articles" has items:
      | title | status    |
      | Hello | published |
    And a role "readers" with no permissions
    And a user "reader" in role "readers" with a static token

  @check:TOK-001 @doc:guides/auth/tokens-cookies
  Scenario: A read-only user's static token can read
    Given role "readers" may read "articles"
    When user "reader" sends GET "/items/{articles}"
    Then the status is 200 because the token carries its user's read permission
    And the values at "data.#.title" are "Hello"

  @check:TOK-002 @doc:guides/auth/tokens-cookies
  Scenario: A read-only user's static token cannot create
    Given role "readers" may read "articles"
    When user "reader" sends POST "/items/{articles}" with:
      """
      {"title": "Written by a reader"}
      """
    Then the status is 403 because a static token cannot do more than its user
    And the error code is "FORBIDDEN"

  @check:TOK-003 @doc:guides/auth/tokens-cookies
  Scenario: A read-only user's static token cannot update or delete
    Given role "readers" may read "articles"
    When user "reader" sends PATCH "/items/{articles}/{articles#Hello}" with:
      """
      {"title": "Changed by a reader"}
      """
    Then the status is 403 because update was not granted to the token's user
    When user "reader" sends DELETE "/items/{articles}/{articles#Hello}"
    Then the status is 403 because delete was not granted to the token's user
    When the admin sends GET "/items/{articles}/{articles#Hello}"
    Then "data.title" is "Hello" because a denied write must leave the item unchanged

  @check:TOK-004 @doc:guides/auth/access-control
  Scenario: The admin token reads and writes a collection nobody was granted
    When the admin sends GET "/items/{articles}"
    Then the status is 200 because admin access bypasses permission checks
    And the values at "data.#.title" are "Hello"
    When the admin sends POST "/items/{articles}" with:
      """
      {"title": "Written by the admin"}
      """
    Then the status is 200 because admin access bypasses permission checks
    And "data.title" is "Written by the admin"
    When the admin sends PATCH "/items/{articles}/{articles#Hello}" with:
      """
      {"title": "Edited by the admin"}
      """
    Then the status is 200
    When the admin sends DELETE "/items/{articles}/{articles#Hello}"
    Then the status is 204 because a successful delete answers with no content

  @check:TOK-005 @doc:guides/auth/access-control
  Scenario: The admin token is not limited by an item filter given to everyone else
    Given role "readers" may read "articles" where "status" is "draft"
    When user "reader" sends GET "/items/{articles}"
    Then "data" has 0 items because the reader may only see drafts
    When the admin sends GET "/items/{articles}"
    Then "data" has 1 item because admin access ignores other roles' item rules

  @check:TOK-006 @doc:guides/auth/tokens-cookies
  Scenario: An unknown token is rejected as invalid credentials
    When the public sends GET "/items/{articles}" with the header "Authorization" set to "Bearer not-a-real-token-0000"
    Then the status is 401 because a token that matches no user is invalid, not anonymous
    And the error code is "INVALID_CREDENTIALS"

  @check:TOK-007 @doc:guides/auth/tokens-cookies
  Scenario: A token without the Bearer prefix is not a credential
    When the public sends GET "/items/{articles}" with the header "Authorization" set to "{token:admin}"
    Then the status is 403 because an Authorization header without "Bearer " is ignored and the request runs as the public
    And the error code is "FORBIDDEN"

  @check:TOK-008 @doc:guides/auth/tokens-cookies
  Scenario: The Bearer prefix is accepted in lower case
    When the public sends GET "/items/{articles}" with the header "Authorization" set to "bearer {token:admin}"
    Then the status is 200 because the auth scheme is case-insensitive

  @check:TOK-009 @doc:guides/auth/tokens-cookies
  Scenario: A token can travel as the access_token query parameter
    When the public sends GET "/items/{articles}?access_token={token:reader}"
    Then the status is 403 because the reader has no permission yet
    Given role "readers" may read "articles"
    When the public sends GET "/items/{articles}?access_token={token:reader}"
    Then the status is 200 because the query parameter carries the reader's permissions
