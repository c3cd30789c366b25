@area:access
Feature: Deny by default
  Directus grants nothing to a caller who is not an administrator until a
  permission says otherwise. A collection created a moment ago is invisible
  to the public, and the items the admin writes into it stay hidden until
  read access is granted.

  Background:
    Given a collection "articles" with fields "title, status"
    And "articles" has items:
      | title     | status    |
      | Published | published |
      | Draft     | draft     |

  @check:ACC-001 @doc:guides/auth/access-control
  Scenario: The public cannot list a new collection
    When the public sends GET "/items/{articles}"
    Then the status is 403 because all public permissions are off by default
    And the error code is "FORBIDDEN" because a denied read is reported as FORBIDDEN

  @check:ACC-002 @doc:guides/connect/errors
  Scenario: The public cannot read an item of a new collection by id
    When the public sends GET "/items/{articles}/{articles#Published}"
    Then the status is 403 because all public permissions are off by default
    And the error code is "FORBIDDEN" because a hidden item is reported as FORBIDDEN, not as missing

  @check:ACC-003 @doc:guides/auth/access-control
  Scenario: Items become visible to the public once read is granted
    Given the public may read "articles"
    When the public sends GET "/items/{articles}"
    Then the status is 200 because the public policy now grants read on the collection
    And the values at "data.#.title" are "Published, Draft" because an unrestricted read permission shows every item

  @check:ACC-004 @doc:guides/auth/access-control
  Scenario: Read access does not let the public create items
    Given the public may read "articles"
    When the public sends POST "/items/{articles}" with:
      """
      {"title": "Sneaky", "status": "published"}
      """
    Then the status is 403 because permissions are granted per action and create was not granted
    And the error code is "FORBIDDEN"

  @check:ACC-005 @doc:guides/connect/errors
  Scenario: A collection that does not exist looks the same as a forbidden one
    When the public sends GET "/items/{articles}_missing"
    Then the status is 403 because non-existent collections answer FORBIDDEN rather than revealing what exists
    And the error code is "FORBIDDEN"
