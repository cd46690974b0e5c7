import { SelectWizard } from "@/components/wizard/select-wizard";
import { emptySelectJob } from "@/lib/glacier/schemas/select-job";
import { decodeSelectShareLink } from "@/lib/glacier/schemas/select-link";
import { wizardProps } from "@/lib/jobs";
import { archiveCatalogProps, renderWizardPage, type WizardSearchProps } from "../wizard-page";
import { submitSelectJobAction } from "./actions";

export const metadata = { title: "Select" };

export default async function SelectWizardPage(props: WizardSearchProps) {
  return renderWizardPage(props, {
    title: "Select",
    description:
      "Runs SQL over a CSV archive inside Glacier and writes the result to S3, without retrieving the whole archive.",
    template: emptySelectJob(),
    decode: decodeSelectShareLink,
    wizard: async (data) => (
      <SelectWizard
        {...wizardProps(data)}
        submit={submitSelectJobAction}
        {...await archiveCatalogProps(data)}
      />
    ),
  });
}
