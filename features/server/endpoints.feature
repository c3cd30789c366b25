@area:server
Feature: Server endpoints
  The /server routes tell a client whether the server is up, what it is
  and what it offers. They answer anonymous callers with what is public
  and authenticated callers with more.

  @check:SRV-001 @doc:reference/system/server
  Scenario: Ping answers pong to anyone
    When the public sends GET "/server/ping"
    Then the status is 200
    And the body is "pong" because /server/ping is the documented liveness probe

  @check:SRV-002 @doc:reference/system/server
  Scenario: Server info tells the public about the project but not the version
    When the public sends GET "/server/info"
    Then the status is 200
    And "data.project" is present because project settings are public
    And "data.version" is absent because the version is only shown to authenticated users

  @check:SRV-003 @doc:reference/system/server
  Scenario: Server info tells an authenticated caller the version
    When the admin sends GET "/server/info"
    Then the status is 200
    And "data.version" is "{server:version}" because authenticated callers see the running version

  @check:SRV-004 @doc:reference/system/server @until:12.0
  Scenario: Health answers the public with a bare status
    When the public sends GET "/server/health"
    Then the status is 200 because health is public before Directus 12
    And the header "Content-Type" starts with "application/health+json"
    And "status" is "ok"
    And "checks" is absent because details are for admins only

  @check:SRV-005 @doc:reference/system/server @since:12.0
  Scenario: Health is denied to the public from Directus 12 on
    When the public sends GET "/server/health"
    Then the status is 403 because Directus 12 answers anonymous health requests with FORBIDDEN
    And the error code is "FORBIDDEN"

  @check:SRV-006 @doc:reference/system/server
  Scenario: Health gives an admin the details of each check
    When the admin sends GET "/server/health"
    Then the status is 200
    And "status" is "ok"
    And "checks" is present because admins see the individual service checks

  @check:SRV-007 @doc:reference/system/server
  Scenario: The OpenAPI specification is served
    When the admin sends GET "/server/specs/oas"
    Then the status is 200
    And "openapi" is present because the specification is an OpenAPI document
    And "paths./items/{collection}" is absent because collections are listed under their own paths

  @check:SRV-008 @doc:reference/system/server
  Scenario: The GraphQL schema is served for the caller's permissions
    Given a collection "articles" with fields "title"
    When the admin sends GET "/server/specs/graphql"
    Then the status is 200
    And the body contains "type Query" because the SDL describes the caller's schema
    And the body contains "{articles}" because the admin's schema includes every collection
    When the public sends GET "/server/specs/graphql"
    Then the status is 200
    And the body does not contain "{articles}" because the public may not read the collection

  @check:SRV-009 @doc:guides/connect/errors
  Scenario: An unknown route answers ROUTE_NOT_FOUND
    When the public sends GET "/no/such/route"
    Then the status is 404
    And the error code is "ROUTE_NOT_FOUND"
    And "errors.0.extensions.path" is "/no/such/route"
