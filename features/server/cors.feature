@area:server
Feature: Cross-origin requests
  With CORS_ENABLED and a list of origins in CORS_ORIGIN, Directus lets
  browsers on exactly those origins call it and no others. The harness
  starts its own servers with two allowed origins; on a server it did not
  start these checks do not apply.

  Background:
    Given the server was started with the CORS origins "https://app.example.com, https://admin.example.com"

  @check:CORS-001 @doc:configuration/security-limits
  Scenario: A preflight from the first allowed origin is allowed
    When a browser at "https://app.example.com" sends a preflight for GET "/server/info"
    Then the status is 204
    And the header "Access-Control-Allow-Origin" is "https://app.example.com" because the origin is listed in CORS_ORIGIN

  @check:CORS-002 @doc:configuration/security-limits
  Scenario: A preflight from the second allowed origin is allowed
    When a browser at "https://admin.example.com" sends a preflight for POST "/items/anything"
    Then the status is 204
    And the header "Access-Control-Allow-Origin" is "https://admin.example.com" because every listed origin is allowed

  @check:CORS-003 @doc:configuration/security-limits
  Scenario: A preflight from another origin is not allowed
    When a browser at "https://evil.example.net" sends a preflight for GET "/server/info"
    Then the header "Access-Control-Allow-Origin" is absent because the origin is not listed in CORS_ORIGIN

  @check:CORS-004 @doc:configuration/security-limits
  Scenario: A simple request from an allowed origin carries the CORS header
    When a browser at "https://app.example.com" sends GET "/server/ping"
    Then the status is 200
    And the header "Access-Control-Allow-Origin" is "https://app.example.com"

  @check:CORS-005 @doc:configuration/security-limits
  Scenario: A simple request from another origin carries no CORS header
    When a browser at "https://evil.example.net" sends GET "/server/ping"
    Then the header "Access-Control-Allow-Origin" is absent because browsers must not let that origin read the answer
