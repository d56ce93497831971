import { graphql } from "@/gql";

/** What the viewer's own images cost in a month (this month when `month` is null). */
export const imageSpendDocument = graphql(`
  query ImageSpend($month: String) {
    viewer {
      id
      imageSpend(month: $month) {
        month
        images
        total
        bySizeAndQuality {
          size
          quality
          images
          total
        }
      }
    }
  }
`);

/** A period's OpenAI costs: the total, its image and chat parts, the rest, and each line item. */
export const costTotalsFragment = graphql(`
  fragment CostTotalsFields on CostTotals {
    total
    image
    chat
    other
    currency
    bucketCount
    lineItems {
      lineItem
      amount
    }
  }
`);

export const monthlyCostsFragment = graphql(`
  fragment MonthlyCostsFields on MonthlyCosts {
    ...CostTotalsFields
    year
    month
    finalized
    cached
    lastUpdatedAt
  }
`);

/** The organisation's OpenAI costs this month and over every month kept (admins only). */
export const openaiCostsDocument = graphql(`
  query OpenAICosts {
    openaiCosts {
      currentMonth {
        ...MonthlyCostsFields
      }
      allTime {
        ...CostTotalsFields
        months
        firstMonth
        lastMonth
      }
    }
  }
`);

/** One past month of the organisation's OpenAI costs (admins only). */
export const openaiMonthCostsDocument = graphql(`
  query OpenAIMonthCosts($year: Int!, $month: Int!) {
    openaiCosts {
      month(year: $year, month: $month) {
        ...MonthlyCostsFields
      }
    }
  }
`);
