@area:access
Feature: Roles and their permissions
  A role that no policy grants anything is denied like the public. Once a
  permission is granted to the role, its users may do exactly what was
  granted and nothing more.

  Background:
    Given a collection "articles" with fields "title, status"
    And "articles" has items:
      | title | status    |
      | Hello | published |
    And a role "readers" with no permissions
    And a user "reader" in role "readers" with a static token

  @check:ACC-020 @doc:guides/auth/access-control
  Scenario: A role without permissions is denied
    When user "reader" sends GET "/items/{articles}"
    Then the status is 403 because a role that no policy grants read on a collection cannot read it
    And the error code is "FORBIDDEN"

  @check:ACC-021 @doc:guides/auth/access-control
  Scenario: A role is allowed once a permission grants read
    Given role "readers" may read "articles"
    When user "reader" sends GET "/items/{articles}"
    Then the status is 200 because the role now has read on the collection
    And the values at "data.#.title" are "Hello"

  @check:ACC-022 @doc:guides/auth/access-control
  Scenario: A role's read permission does not reach other collections
    Given a collection "notes" with fields "body"
    And role "readers" may read "articles"
    When user "reader" sends GET "/items/{notes}"
    Then the status is 403 because permissions are granted per collection
    And the error code is "FORBIDDEN"
