"""The censorship watch's public record (/censorship/): what the link checks found, as
counts only, in the three languages, with an Atom feed of monthly figures and a CSV.

- `figures`: the counts, summed from the daily rollup (CensorshipDay) and the reported
  suspensions (AccountSuspension), never from posts: their cost follows the months,
  platforms and prisoners shown, not the number of posts.
- `views`: the page and the CSV; `feed`: the Atom feed.

Nothing here reads a volunteer, a handle or a link: the tables it reads hold none.
"""
