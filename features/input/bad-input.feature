@area:input
Feature: What bad input gets
  A request the server cannot make sense of is refused with a 4xx answer in
  the documented error envelope. It never reveals internals such as SQL,
  and it never reaches outside what the caller may see.

  Background:
    Given a collection "articles" with fields "title"

  @check:BAD-001 @doc:guides/connect/errors
  Scenario: A filter that is not valid JSON is an invalid query
    When the admin sends GET "/items/{articles}?filter={bad"
    Then the status is 400
    And the error code is "INVALID_QUERY" because a malformed filter is the caller's error

  @check:BAD-002 @doc:guides/connect/errors
  Scenario: An unknown filter operator is an invalid query
    When the admin sends GET "/items/{articles}?filter[title][_nope]=x"
    Then the status is 400
    And the error code is "INVALID_QUERY"

  @check:BAD-003 @doc:guides/connect/errors
  Scenario: A request body that is not JSON is an invalid payload
    When the admin sends POST "/items/{articles}" with:
      """
      {"title":
      """
    Then the status is 400
    And the error code is "INVALID_PAYLOAD"

  @check:BAD-004 @doc:guides/connect/errors @known-defect:sql-in-error-for-invalid-uuid
  Scenario: An invalid id in a permission is refused without revealing SQL
    When the admin sends POST "/permissions" with:
      """
      {"policy": "not-a-uuid", "role": "not-a-uuid", "collection": "{articles}", "action": "read", "fields": ["*"]}
      """
    Then the body does not contain "insert into" because error messages must not expose the database's SQL
    And the status is 400 because a malformed id is the caller's error

  @check:BAD-005 @doc:guides/files/access
  Scenario: An asset id cannot walk out of the storage directory
    When the admin sends GET "/assets/..%2F..%2F..%2F..%2Fetc%2Fpasswd"
    Then the status is 403 because an id that is not a file's id is refused
    And the body does not contain "root:" because no file outside the storage location is served

  @check:BAD-006 @doc:guides/auth/tokens-cookies
  Scenario: A token in both the header and the query is refused
    When the admin sends GET "/items/{articles}?access_token={token:admin}"
    Then the status is 400 because only one way of sending a token may be used at once
    And the error code is "INVALID_PAYLOAD"

  @check:BAD-007 @doc:guides/connect/errors
  Scenario: A GraphQL syntax error is a validation error
    When the admin sends POST "/graphql" with:
      """
      {"query": "{"}
      """
    Then the status is 400
    And the error code is "GRAPHQL_VALIDATION"

  @check:BAD-008 @doc:guides/connect/errors
  Scenario: A GraphQL mutation over GET is not allowed
    When the admin sends GET "/graphql?query=mutation%7Bx%7D"
    Then the status is 405 because mutations must be sent with POST
    And the error code is "METHOD_NOT_ALLOWED"

  @check:BAD-009 @doc:guides/connect/errors
  Scenario: An item of a wrongly typed id is forbidden rather than an error
    When the admin sends GET "/items/{articles}/not-a-number"
    Then the status is 403 because a malformed key answers FORBIDDEN like a missing item
    And the error code is "FORBIDDEN"

  @check:BAD-010 @doc:reference/items
  Scenario: An unknown field in a payload is left out of the stored item
    When the admin sends POST "/items/{articles}" with:
      """
      {"title": "Kept", "no_such_field": 1}
      """
    Then the status is 200 because fields that the collection lacks are dropped, not stored
    And "data.title" is "Kept"
    And "data.no_such_field" is absent

  @check:BAD-011 @doc:releases/breaking-changes/version-11 @since:11.0
  Scenario: Asking for a field that does not exist is refused
    When the admin sends GET "/items/{articles}?fields=no_such_field"
    Then the status is 403 because from Directus 11 on requests for missing fields fail
    And the error code is "FORBIDDEN"

  @check:BAD-012 @doc:releases/breaking-changes/version-11 @until:11.0
  Scenario: Asking for a field that does not exist is ignored before Directus 11
    Given "articles" has items:
      | title |
      | One   |
    When the admin sends GET "/items/{articles}?fields=no_such_field"
    Then the status is 200 because Directus 10 ignores fields it does not know
    And "data" has 1 item
    And "data.0.no_such_field" is absent
