@area:access
Feature: Item and field rules
  A permission can be limited to the items that match a filter and to a
  list of fields. Items outside the filter are left out of lists rather
  than causing an error, and fields outside the list are left out of
  "fields=*" but denied when asked for by name. Directus 12's Core licence
  refuses to store such custom rules; there these checks do not apply.

  Background:
    Given a collection "articles" with fields "title, status, secret"
    And "articles" has items:
      | title          | status    | secret |
      | First post     | published | s1     |
      | Work in hand   | draft     | s2     |
      | Second post    | published | s3     |

  @check:ACC-010 @doc:guides/auth/access-control
  Scenario: An item filter hides the items it does not match from lists
    Given the public may read "articles" where "status" is "published"
    When the public sends GET "/items/{articles}"
    Then the status is 200 because item rules filter rows instead of failing the request
    And the values at "data.#.title" are "First post, Second post" because only published items match the permission's filter

  @check:ACC-011 @doc:guides/connect/errors
  Scenario: An item outside the filter is denied when fetched by id
    Given the public may read "articles" where "status" is "published"
    When the public sends GET "/items/{articles}/{articles#Work in hand}"
    Then the status is 403 because an item hidden by the filter is reported as FORBIDDEN
    And the error code is "FORBIDDEN"

  @check:ACC-012 @doc:guides/auth/access-control
  Scenario: An item inside the filter can be fetched by id
    Given the public may read "articles" where "status" is "published"
    When the public sends GET "/items/{articles}/{articles#First post}"
    Then the status is 200 because the item matches the permission's filter
    And "data.title" is "First post"

  @check:ACC-013 @doc:guides/auth/access-control
  Scenario: A query cannot widen an item filter
    Given the public may read "articles" where "status" is "published"
    When the public sends GET "/items/{articles}?filter[status][_eq]=draft"
    Then the status is 200
    And "data" has 0 items because the caller's filter is combined with the permission's, never replaces it

  @check:ACC-014 @doc:guides/auth/access-control
  Scenario: A field outside the permitted list is left out of fields=*
    Given the public may read only the fields "id, title, status" of "articles"
    When the public sends GET "/items/{articles}?fields=*"
    Then the status is 200 because a wildcard only expands to the permitted fields
    And "data" has 3 items
    And "data.0.title" is present
    And "data.0.secret" is absent because the field permission does not include it

  @check:ACC-015 @doc:guides/auth/access-control
  Scenario: A field outside the permitted list is denied when asked for by name
    Given the public may read only the fields "id, title, status" of "articles"
    When the public sends GET "/items/{articles}?fields=secret"
    Then the status is 403 because explicitly requesting a forbidden field is denied
    And the error code is "FORBIDDEN"
